package org.hisscube.servicekit;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which HTTP methods the JAX-RS resources of a service answer at a path: from the {@code @Path} and HTTP-method
 * annotations of the resource classes, so that a 405 can always say {@code Allow: ...} (Quarkus REST leaves the header
 * out of the refusals it raises itself).
 */
final class ResourceMethods {
    private static final Pattern PARAM = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})+))?}");

    private record Route(Pattern path, String method) {
    }

    private final List<Route> routes;

    private ResourceMethods(List<Route> routes) {
        this.routes = routes;
    }

    /** The routes of every bean class annotated {@code @Path}. */
    static ResourceMethods of(BeanManager beans) {
        List<Class<?>> classes = new ArrayList<>();
        for (Bean<?> b : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            if (b.getBeanClass().isAnnotationPresent(Path.class)) {
                classes.add(b.getBeanClass());
            }
        }
        return of(classes);
    }

    static ResourceMethods of(Collection<Class<?>> resourceClasses) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> c : resourceClasses) {
            String base = c.getAnnotation(Path.class).value();
            for (Method m : c.getMethods()) {
                String method = httpMethod(m);
                if (method == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                routes.add(new Route(template(join(base, sub == null ? "" : sub.value())), method));
                if (method.equals("GET")) {
                    routes.add(new Route(template(join(base, sub == null ? "" : sub.value())), "HEAD"));
                }
            }
        }
        return new ResourceMethods(routes);
    }

    /** The methods answered at {@code path}, e.g. "GET, HEAD"; empty where no resource matches the path. */
    String allowed(String path) {
        Set<String> methods = new TreeSet<>();
        String p = "/" + path.replaceFirst("^/+", "").replaceFirst("/+$", "");
        for (Route r : routes) {
            if (r.path.matcher(p).matches()) {
                methods.add(r.method);
            }
        }
        return String.join(", ", methods);
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String b = "/" + base.replaceFirst("^/+", "").replaceFirst("/+$", "");
        String s = sub.replaceFirst("^/+", "").replaceFirst("/+$", "");
        return s.isEmpty() ? b : (b.equals("/") ? "" : b) + "/" + s;
    }

    private static Pattern template(String t) {
        StringBuilder re = new StringBuilder();
        Matcher m = PARAM.matcher(t);
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(t.substring(last, m.start())));
            re.append(m.group(1) == null ? "[^/]+" : "(?:" + m.group(1).trim() + ")");
            last = m.end();
        }
        re.append(Pattern.quote(t.substring(last)));
        return Pattern.compile(re.toString());
    }
}
