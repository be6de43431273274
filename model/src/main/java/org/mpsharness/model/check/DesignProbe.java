package org.mpsharness.model.check;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Decides, before any check runs, whether a class named by the user can be checked at all: it loads, it is a concrete
 * public class, it implements one of the checkable interfaces, it has the public constructor of that interface's
 * convention, and its static initializer completes. Each "no" is one line for the user (the command exits 2 with it),
 * never a stack trace and never a failed check.
 */
public final class DesignProbe {

    /** A usable class, or why not. */
    public record Result(Class<?> design, Component component, String problem) {
        public boolean usable() {
            return problem == null;
        }

        static Result unusable(String problem) {
            return new Result(null, null, problem);
        }
    }

    private DesignProbe() {
    }

    /** Loads {@code name} through {@code loader} and checks it; runs its static initializer last. */
    public static Result probe(String name, ClassLoader loader) {
        Class<?> c;
        try {
            c = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            return Result.unusable("class not found: " + name);
        } catch (UnsupportedClassVersionError e) {
            return Result.unusable(name + " was compiled for a newer Java than this one (" + System.getProperty(
                    "java.version") + "): " + e.getMessage());
        } catch (NoClassDefFoundError e) {
            return Result.unusable("cannot load " + name + ": it needs class "
                    + String.valueOf(e.getMessage()).replace('/', '.')
                    + ", which is not on the class path (build against the harness jars and give the rest with --jar)");
        } catch (LinkageError e) {
            return Result.unusable("cannot load " + name + ": " + e);
        }
        String problem = shape(c);
        if (problem != null) {
            return Result.unusable(problem);
        }
        Component comp = Component.of(c);
        try {
            Class.forName(name, true, loader);
        } catch (ExceptionInInitializerError e) {
            Throwable t = e.getCause() == null ? e : e.getCause();
            return Result.unusable("the static initializer of " + name + " threw " + t.getClass().getName()
                    + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage())));
        } catch (ClassNotFoundException | LinkageError e) {
            return Result.unusable("cannot initialize " + name + ": " + firstLine(String.valueOf(e)));
        }
        return new Result(c, comp, null);
    }

    /** Why {@code c} cannot be checked as a design, or null when it can. */
    static String shape(Class<?> c) {
        String name = c.getName();
        if (c.isInterface() || c.isAnnotation()) {
            return name + " is an interface: give a class that implements it";
        }
        Component comp = Component.of(c);
        if (comp == null) {
            return name + " implements none of " + Arrays.stream(Component.values()).map(k -> k.api().getSimpleName())
                    .distinct().collect(Collectors.joining(", "));
        }
        if (Modifier.isAbstract(c.getModifiers())) {
            return name + " is abstract: give a concrete " + comp.api().getSimpleName();
        }
        if (!Modifier.isPublic(c.getModifiers())) {
            return name + " is not a public class: the checks create it from another package";
        }
        if (c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers())) {
            return name + " is an inner class: make it a static nested or top-level class";
        }
        if (!hasConstructor(c, comp.constructor())) {
            return name + " has no public constructor " + c.getSimpleName() + comp.constructor() + ", the convention "
                    + "for a " + comp.api().getSimpleName();
        }
        return null;
    }

    /**
     * Whether {@code c} has a public constructor whose parameter types are those of {@code convention} as the component
     * writes it, e.g. {@code (int, java.util.function.IntFunction)}; types are compared by simple name, so the
     * convention stays where it is declared (in {@link Component}) and is not written again here.
     */
    static boolean hasConstructor(Class<?> c, String convention) {
        String want = simpleNames(convention);
        for (Constructor<?> k : c.getConstructors()) {
            String have = Arrays.stream(k.getParameterTypes()).map(Class::getSimpleName)
                    .collect(Collectors.joining(", ", "(", ")"));
            if (have.equals(want)) {
                return true;
            }
        }
        return false;
    }

    private static String simpleNames(String convention) {
        String inner = convention.substring(convention.indexOf('(') + 1, convention.lastIndexOf(')')).trim();
        return inner.isEmpty() ? "()" : Arrays.stream(inner.split(","))
                .map(t -> t.trim().substring(t.trim().lastIndexOf('.') + 1).replaceAll("<.*>", ""))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
