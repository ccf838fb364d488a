package dev.corvid.template;

import com.hubspot.jinjava.el.ext.JinjavaBeanELResolver;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.util.ForLoop;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.MethodNotFoundException;

/**
 * The only way a template reaches Java members ({@code x.name}, {@code x.method()}), restricted to an
 * allow-list of receivers: the strings, lists and maps a template is given or builds, the {@code loop}
 * variable, and Jinjava's own filters and tests (which it calls as {@code filter:name.filter(...)}).
 * Jinjava's default resolver lets a template call any public method of any object it can reach except a
 * short deny-list ({@code 'abc'.describeConstable().get()} works there); this one refuses everything else,
 * on top of that deny-list, which the superclass still applies.
 */
final class SandboxedBeanResolver extends JinjavaBeanELResolver {
    private static final Set<String> FILTER_METHODS = Set.of("filter");
    private static final Set<String> TEST_METHODS = Set.of("evaluate", "evaluateNegated");

    SandboxedBeanResolver() {
        super(true);
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        // Not resolving leaves the property undefined, as Jinja2 does for a missing attribute.
        return isPlainData(base) ? super.getValue(context, base, property) : null;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base != null && !mayInvoke(base, String.valueOf(method))) {
            throw new MethodNotFoundException(
                    "a chat template may not call '" + method + "' on " + base.getClass().getSimpleName());
        }
        return super.invoke(context, base, method, paramTypes, params);
    }

    private static boolean mayInvoke(Object base, String method) {
        return switch (base) {
            case Filter f -> FILTER_METHODS.contains(method);
            case ExpTest t -> TEST_METHODS.contains(method);
            default -> isPlainData(base);
        };
    }

    private static boolean isPlainData(Object base) {
        return base instanceof String || base instanceof SafeString || base instanceof List<?>
                || base instanceof Map<?, ?> || base instanceof ForLoop;
    }
}
