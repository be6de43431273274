package org.mpsharness.model.catalog;

/**
 * One deliberately broken variant: which class, made with which concurrency mutation operator, breaking which
 * invariant (numbered as in runtime-facts.md).
 */
public record SeededBug(Class<?> implementation, String operator, String invariant, String description) {

    public String id() {
        return implementation.getSimpleName();
    }
}
