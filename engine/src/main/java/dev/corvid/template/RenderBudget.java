package dev.corvid.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.lib.tag.IfTag;
import com.hubspot.jinjava.tree.TagNode;

import java.util.function.Supplier;

/**
 * A time limit on rendering. A template is data from a file, and Jinja loops nest: three nested
 * {@code range(1000)} loops are a billion iterations without any output for the output limit to
 * catch. Every {@code for} and {@code if} tag checks the clock when it starts, so a render stops soon
 * after its deadline; what runs between two checks is bounded by the range and list size limits.
 */
final class RenderBudget {
    /** Real chat templates render in milliseconds. */
    static final long LIMIT_NANOS = 2_000_000_000L;

    private static final ThreadLocal<Budget> BUDGET = new ThreadLocal<>();

    /** The deadline of this thread's render, and the line where it was found passed (-1: not yet). */
    private static final class Budget {
        final long deadline = System.nanoTime() + LIMIT_NANOS;
        int exceededAtLine = -1;
    }

    private RenderBudget() {
    }

    /** Runs {@code render} on this thread with the time limit. */
    static <T> T limit(Supplier<T> render) {
        Budget budget = new Budget();
        BUDGET.set(budget);
        try {
            T result = render.get();
            if (budget.exceededAtLine >= 0) {
                // Jinjava wraps what a tag throws into its own error; say plainly what happened.
                throw new ChatTemplateException(budget.exceededAtLine,
                        "rendering takes longer than " + LIMIT_NANOS / 1_000_000_000L + " s");
            }
            return result;
        } finally {
            BUDGET.remove();
        }
    }

    private static void check(TagNode node) {
        Budget budget = BUDGET.get();
        if (budget != null && System.nanoTime() - budget.deadline > 0) {
            if (budget.exceededAtLine < 0) {
                budget.exceededAtLine = node.getLineNumber();
            }
            throw new ChatTemplateException(node.getLineNumber(), "out of time");
        }
    }

    /** Jinjava's {@code for}, checking the deadline each time a loop starts. */
    static final class BoundedForTag extends ForTag {
        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            check(tagNode);
            return super.interpret(tagNode, interpreter);
        }
    }

    /** Jinjava's {@code if}, checking the deadline (recursive macros branch through it). */
    static final class BoundedIfTag extends IfTag {
        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            check(tagNode);
            return super.interpret(tagNode, interpreter);
        }
    }
}
