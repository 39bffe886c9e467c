package org.hisscube.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.contracts.KafkaConnection;

/**
 * What each service reads from its configuration, found in the service's own code: the keys of its
 * {@code application.properties}, every {@code @ConfigMapping} (with nested groups) and {@code @ConfigProperty} of its
 * classes and of service-kit's, and the Kafka connection settings ({@link KafkaConnection#KEYS}). An environment
 * variable a deployment sets is right only when it is the environment form of one of these.
 */
final class ServiceConfigs {
    /** A service: its name, HTTP port, the properties it reads and the topic names its configuration holds. */
    record Service(String name, int port, Set<String> properties, Map<String, String> topicProperties,
            Map<String, String> defaults) {
        /** The environment variables that set those properties (MicroProfile Config's mapping). */
        Set<String> environment() {
            Set<String> env = new TreeSet<>();
            properties.forEach(p -> env.add(envName(p)));
            return env;
        }
    }

    /** The services and a class of each, whose class folder or jar holds the service's classes. */
    static final Map<String, String> ANCHORS = Map.of(
            "fetcher-service", "org.hisscube.fetcher.FetcherConfig",
            "cube-service", "org.hisscube.cube.CubeSettings",
            "feature-service", "org.hisscube.feature.FeatureSettings",
            "trainer-service", "org.hisscube.trainer.TrainerSettings",
            "metrics-service", "org.hisscube.metrics.MetricsInfo");
    private static final String SERVICE_KIT_ANCHOR = "org.hisscube.servicekit.ObjectStoreSettings";
    /** Quarkus's own runtime properties a deployment may set beyond what application.properties names. */
    static final List<String> QUARKUS_RUNTIME = List.of("quarkus.profile", "quarkus.http.port",
            "quarkus.log.console.json.enabled", "quarkus.log.level");
    private static final Pattern TOPIC_PROPERTY = Pattern.compile(
            "(mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.topics?|quarkus\\.kafka-streams\\.topics"
                    + "|hisscube\\..*(\\.|-)(topic|topics))");

    private ServiceConfigs() {
    }

    static Map<String, Service> all() {
        Map<String, Service> services = new TreeMap<>();
        ANCHORS.forEach((name, anchor) -> services.put(name, read(name, anchor)));
        return services;
    }

    /** {@code hisscube.object-store.access-key} → {@code HISSCUBE_OBJECT_STORE_ACCESS_KEY}. */
    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static Service read(String name, String anchor) {
        try {
            Class<?> anchorClass = Class.forName(anchor);
            Properties app = new Properties();
            try (InputStream in = resource(anchorClass, "application.properties")) {
                app.load(in);
            }
            Set<String> properties = new TreeSet<>();
            Map<String, String> topics = new TreeMap<>();
            Map<String, String> defaults = new LinkedHashMap<>();
            for (String key : app.stringPropertyNames()) {
                String bare = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
                properties.add(bare);
                if (!key.startsWith("%")) {
                    defaults.put(bare, app.getProperty(key));
                    if (TOPIC_PROPERTY.matcher(bare).matches()) {
                        topics.put(bare, app.getProperty(key));
                    }
                }
            }
            List<Class<?>> classes = new ArrayList<>(classesBeside(anchorClass));
            classes.addAll(classesBeside(Class.forName(SERVICE_KIT_ANCHOR)));
            for (Class<?> c : classes) {
                ConfigMapping mapping = c.getAnnotation(ConfigMapping.class);
                if (mapping != null) {
                    mappingProperties(mapping.prefix(), c, properties, topics, defaults);
                }
                collectConfigProperties(c, properties);
            }
            KafkaConnection.KEYS.forEach(k -> properties.add(KafkaConnection.CONFIG_PREFIX + k));
            properties.addAll(QUARKUS_RUNTIME);
            int port = Integer.parseInt(app.getProperty("quarkus.http.port"));
            return new Service(name, port, properties, topics, defaults);
        } catch (ClassNotFoundException | IOException e) {
            throw new IllegalStateException("reading the configuration of " + name + ": " + e, e);
        }
    }

    private static InputStream resource(Class<?> anchor, String name) throws IOException {
        Path root = codeRoot(anchor);
        if (Files.isDirectory(root)) {
            return Files.newInputStream(root.resolve(name));
        }
        JarFile jar = new JarFile(root.toFile());
        return jar.getInputStream(jar.getEntry(name));
    }

    private static void mappingProperties(String prefix, Class<?> type, Set<String> out, Map<String, String> topics,
            Map<String, String> defaults) {
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() > 0 || Modifier.isStatic(m.getModifiers()) || m.isDefault()
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            WithName withName = m.getAnnotation(WithName.class);
            String name = prefix + "." + (withName != null ? withName.value() : kebab(m.getName()));
            Class<?> ret = m.getReturnType();
            if (ret.isInterface() && ret.getName().startsWith("org.hisscube.")) {
                mappingProperties(name, ret, out, topics, defaults);
                continue;
            }
            out.add(name);
            WithDefault def = m.getAnnotation(WithDefault.class);
            if (def != null) {
                defaults.putIfAbsent(name, def.value());
                if (TOPIC_PROPERTY.matcher(name).matches()) {
                    topics.putIfAbsent(name, def.value());
                }
            }
        }
    }

    private static void collectConfigProperties(Class<?> c, Set<String> out) {
        List<AnnotatedElement> elements = new ArrayList<>();
        try {
            elements.addAll(List.of(c.getDeclaredFields()));
            for (var ctor : c.getDeclaredConstructors()) {
                elements.addAll(List.of(ctor.getParameters()));
            }
            for (Method m : c.getDeclaredMethods()) {
                elements.addAll(List.of(m.getParameters()));
            }
        } catch (LinkageError notLoadable) {
            return; // a class whose members need what the test class path lacks reads no configuration we check
        }
        for (AnnotatedElement e : elements) {
            ConfigProperty p = e.getAnnotation(ConfigProperty.class);
            if (p != null && !p.name().isEmpty()) {
                out.add(p.name());
            } else if (p != null && e instanceof Parameter param) {
                throw new IllegalStateException(c + ": @ConfigProperty without a name on " + param);
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Every class in the class folder or jar {@code anchor} was loaded from. */
    private static List<Class<?>> classesBeside(Class<?> anchor) throws IOException, ClassNotFoundException {
        Path root = codeRoot(anchor);
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .forEach(f -> names.add(className(root.relativize(f).toString())));
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().filter(e -> e.getName().endsWith(".class"))
                        .forEach(e -> names.add(className(e.getName())));
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String n : names) {
            if (n.endsWith("package-info") || n.endsWith("module-info")) {
                continue;
            }
            classes.add(Class.forName(n, false, anchor.getClassLoader()));
        }
        return classes;
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }

    private static Path codeRoot(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
