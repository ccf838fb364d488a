package dev.corvid.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}, which {@code json.dumps} uses: the shortest decimal that reads back as the
 * same double, in fixed notation when the decimal exponent is in [-4, 16), else as {@code 1e+16}.
 * Examples: {@code 1.0}, {@code 0.1}, {@code 1e-05}, {@code 1e+16}, {@code 5e-324}.
 */
final class PythonFloatRepr {
    private PythonFloatRepr() {
    }

    static String repr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestDecimal(Math.abs(d));
        String digits = shortest.unscaledValue().toString();
        // The value is 0.<digits> x 10^pointPosition.
        int pointPosition = digits.length() - shortest.scale();
        String body = (pointPosition > -4 && pointPosition <= 16)
                ? fixed(digits, pointPosition)
                : scientific(digits, pointPosition - 1);
        return d < 0 ? "-" + body : body;
    }

    /**
     * Java's {@link Double#toString} (JDK 19+) gives the shortest round-tripping decimal, except that when
     * one digit would do it may pick a closer two-digit one (4.9E-324 where Python says 5e-324): try the
     * one-digit neighbours first.
     */
    private static BigDecimal shortestDecimal(double positive) {
        BigDecimal java = new BigDecimal(Double.toString(positive)).stripTrailingZeros();
        if (java.precision() != 2) {
            return java;
        }
        BigDecimal down = java.round(new MathContext(1, RoundingMode.FLOOR));
        BigDecimal up = java.round(new MathContext(1, RoundingMode.CEILING));
        boolean downOk = down.doubleValue() == positive;
        boolean upOk = up.doubleValue() == positive;
        if (downOk && upOk) {
            BigDecimal exact = new BigDecimal(positive);
            return exact.subtract(down).compareTo(up.subtract(exact)) <= 0 ? down : up;
        }
        return downOk ? down : upOk ? up : java;
    }

    private static String fixed(String digits, int pointPosition) {
        if (pointPosition <= 0) {
            return "0." + "0".repeat(-pointPosition) + digits;
        }
        if (pointPosition >= digits.length()) {
            return digits + "0".repeat(pointPosition - digits.length()) + ".0";
        }
        return digits.substring(0, pointPosition) + "." + digits.substring(pointPosition);
    }

    private static String scientific(String digits, int exponent) {
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = exponent < 0 ? "-" : "+";
        int abs = Math.abs(exponent);
        return mantissa + "e" + sign + (abs < 10 ? "0" : "") + abs;
    }
}
