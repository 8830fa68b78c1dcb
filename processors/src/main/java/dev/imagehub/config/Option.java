package dev.imagehub.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Documents and constrains one option of a step: the record component's name is the YAML key. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Option {
    /** One line for the user: what the option does. */
    String value();

    /** Value used when the chain does not set the option; empty means "no default" (the component is null). */
    String defaultValue() default "";

    double min() default Double.NEGATIVE_INFINITY;

    double max() default Double.POSITIVE_INFINITY;

    /** The YAML key when it cannot be the component's name (a Java keyword such as {@code default}); empty: the name. */
    String key() default "";

    /**
     * True on a {@code Map<String, X>} component that takes every key the record does not name (a batch row's template
     * values, named after the layout's slots), instead of those keys being reported as unknown.
     */
    boolean rest() default false;

    /** True when a configuration file must give this key ({@link ConfigBinder} says which one is missing, and where). */
    boolean required() default false;
}
