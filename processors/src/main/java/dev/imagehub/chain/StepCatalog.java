package dev.imagehub.chain;

import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.camel.support.scan.DefaultPackageScanClassResolver;

/**
 * Every available step by name. Steps are discovered by scanning {@code dev.imagehub.steps} for {@link ImageStep}
 * implementations, so a new step needs no registration anywhere else.
 */
public final class StepCatalog {
    public static final String STEP_PACKAGE = "dev.imagehub.steps";
    private final Map<String, ImageStep<?>> steps = new TreeMap<>();

    public StepCatalog(Collection<? extends ImageStep<?>> steps) {
        for (ImageStep<?> s : steps) {
            ImageStep<?> previous = this.steps.put(s.name(), s);
            if (previous != null) {
                throw new IllegalStateException("two steps are named '" + s.name() + "': " + previous.getClass().getName()
                        + " and " + s.getClass().getName());
            }
        }
    }

    /** Finds and instantiates every concrete {@link ImageStep} in {@link #STEP_PACKAGE}. */
    public static StepCatalog discover() {
        DefaultPackageScanClassResolver resolver = new DefaultPackageScanClassResolver();
        Set<Class<?>> classes = resolver.findImplementations(ImageStep.class, STEP_PACKAGE);
        java.util.List<ImageStep<?>> found = new java.util.ArrayList<>();
        for (Class<?> c : classes) {
            if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) || !Modifier.isPublic(c.getModifiers())) continue;
            try {
                found.add((ImageStep<?>) c.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("step class " + c.getName() + " needs a public no-argument constructor", e);
            }
        }
        if (found.isEmpty()) throw new IllegalStateException("no steps found in package " + STEP_PACKAGE);
        return new StepCatalog(found);
    }

    public ImageStep<?> get(String name) {
        return steps.get(name);
    }

    public Set<String> names() {
        return steps.keySet();
    }

    public Collection<ImageStep<?>> all() {
        return steps.values();
    }
}
