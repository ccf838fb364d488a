package dev.corvid.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchReportTest {

    @Test
    void throughputIsTheMeanWithTheSampleStandardDeviation() {
        Throughput t = Throughput.of("corvid", "tg4", new double[] {10, 12, 14});
        assertEquals(12, t.tokensPerSecond(), 1e-12);
        assertEquals(2, t.stddev(), 1e-12);
        assertEquals(0, Throughput.of("corvid", "tg4", new double[] {10}).stddev());
    }

    @Test
    void tableShowsEachResultAndTheRatio() {
        BenchReport report = new BenchReport("m.gguf", 2, List.of(new Throughput("corvid", "pp8", 50, 1),
                new Throughput("llama.cpp", "pp8", 200, 4)));
        StringWriter text = new StringWriter();
        report.printTable(new PrintWriter(text, true));
        assertTrue(text.toString().contains("| corvid    | m.gguf |       2 |     pp8 |         50.00 ± 1.00 |"), text.toString());
        assertTrue(text.toString().contains("|     pp8 |            0.250 |"), text.toString());
        assertEquals(0.25, report.ratio("pp8").orElseThrow(), 1e-12);
    }
}
