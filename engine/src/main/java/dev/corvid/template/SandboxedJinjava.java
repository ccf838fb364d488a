package dev.corvid.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.ext.JinjavaListELResolver;
import com.hubspot.jinjava.el.TypeConvertingMapELResolver;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;

import java.io.IOException;

import jinjava.javax.el.ArrayELResolver;
import jinjava.javax.el.CompositeELResolver;

/**
 * A Jinjava set up to behave like the Jinja2 environment of Hugging Face's {@code apply_chat_template}
 * (trim_blocks, lstrip_blocks, {@code tojson}, {@code raise_exception}) while keeping a template, which is
 * data from a model file, away from files, the network and arbitrary Java methods.
 */
final class SandboxedJinjava {
    /** Jinja2 allows recursive macros (some templates walk JSON schemas with them); this bounds the depth. */
    private static final int MAX_MACRO_DEPTH = 64;
    /** Characters a render may produce or hold in one string: far beyond any context window. */
    private static final long MAX_TEXT = 16L << 20;
    private static final int MAX_COLLECTION = 1 << 16;

    private SandboxedJinjava() {
    }

    static Jinjava create() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                // trim_blocks is done by TrimBlocks on the source, which keeps error line numbers right.
                .withTrimBlocks(false)
                .withLstripBlocks(true)
                // Jinja2's whitespace rules for {{- -}} and {#- -#}; the other legacy overrides change more.
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .build())
                // Otherwise Jinjava renders template syntax found inside values: a message "{{ 7*7 }}" would be 49.
                .withNestedInterpretationEnabled(false)
                // Jinjava's "false" strips a newline from the OUTPUT; Jinja2 strips it from the source (ChatTemplate).
                .withKeepTrailingNewline(true)
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(MAX_MACRO_DEPTH)
                .withElResolver(sandboxedResolver())
                // A template is data from a file: bound what it may build (see also RenderBudget).
                .withMaxOutputSize(MAX_TEXT)
                .withMaxStringLength(MAX_TEXT)
                .withMaxListSize(MAX_COLLECTION)
                .withMaxMapSize(MAX_COLLECTION)
                .build();
        Jinjava jinjava = new Jinjava(config);
        // include, import, from and extends all load through this: a chat template is one self-contained
        // string, nothing may come from the class path (Jinjava's default) or the disk.
        jinjava.setResourceLocator((name, encoding, interpreter) -> {
            throw new IOException("a chat template may not load '" + name + "'");
        });
        jinjava.getGlobalContext().registerTag(new RenderBudget.BoundedForTag());
        jinjava.getGlobalContext().registerTag(new RenderBudget.BoundedIfTag());
        jinjava.registerFilter(new ToJsonFilter());
        jinjava.registerFunction(raiseException());
        return jinjava;
    }

    /** Jinjava's read-only default resolver chain with our bean resolver in place of its permissive one. */
    private static CompositeELResolver sandboxedResolver() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new ArrayELResolver(true));
        resolver.add(new JinjavaListELResolver(true));
        resolver.add(new TypeConvertingMapELResolver(true));
        resolver.add(new SandboxedBeanResolver());
        return resolver;
    }

    private static ELFunctionDefinition raiseException() {
        return new ELFunctionDefinition("", "raise_exception", RaiseExceptionFunction.class, "raiseException",
                String.class);
    }
}
