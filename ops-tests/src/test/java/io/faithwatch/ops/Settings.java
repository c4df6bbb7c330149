package io.faithwatch.ops;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The settings of each service as its one config mapping declares them: every property name with its default (null
 * when it has none), read from the mapping interface itself, so that the deployment files and the README are checked
 * against the code and no default is written twice.
 */
final class Settings {
    private Settings() {
    }

    static final Map<String, String> MAPPINGS = Map.of(
            "pair-builder", "io.faithwatch.pairbuilder.config.PairBuilderConfig",
            "model-caller", "io.faithwatch.modelcaller.config.ModelCallerConfig",
            "grader", "io.faithwatch.grader.config.GraderConfig",
            "scorer", "io.faithwatch.scorer.config.ScorerConfig");

    /** Property name (a map's keys as {@code *}) to its default. */
    static Map<String, String> of(String service) {
        try {
            Class<?> mapping = Class.forName(MAPPINGS.get(service));
            Map<String, String> settings = new TreeMap<>();
            collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, settings);
            return settings;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(String path, Class<?> group, Map<String, String> settings) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            String name = path + "." + (named != null ? named.value() : kebab(method.getName()));
            Type type = method.getGenericReturnType();
            Class<?> raw = method.getReturnType();
            if (Map.class.isAssignableFrom(raw)) {
                Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
                if (value instanceof Class<?> c && isGroup(c)) {
                    collect(name + ".*", c, settings);
                } else {
                    settings.put(name + ".*", null);
                }
            } else if (isGroup(raw)) {
                collect(name, raw, settings);
            } else {
                WithDefault value = method.getAnnotation(WithDefault.class);
                settings.put(name, value == null ? null : value.value());
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getName().startsWith("io.faithwatch.") && !Optional.class.isAssignableFrom(type);
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
