package org.mpsharness.model.lincheck;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import kotlin.Unit;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CustomScenarioDSLKt;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;

/**
 * Hand-written Lincheck scenarios through Lincheck's public scenario DSL ({@code CustomScenarioDSLKt.scenario}): the
 * interleavings a random scenario generator is unlikely to produce (the baseline's lock-drop finding, a lost
 * wake-up, the gate's ABA). Operations are named by method name; the DSL takes Kotlin function references, which
 * kotlin-reflect (a dependency of Lincheck) maps from the Java methods.
 */
public final class Scenarios {
    private Scenarios() {
    }

    /** One call of an operation of the subject: its method name and arguments. */
    public record Call(String operation, Object... args) {
    }

    public static Call call(String operation, Object... args) {
        return new Call(operation, args);
    }

    /** {@code init} runs first on one thread, then each list of {@code parallel} on its own thread. */
    public static ExecutionScenario of(Class<?> subject, List<Call> init, List<List<Call>> parallel) {
        return CustomScenarioDSLKt.scenario(b -> {
            if (!init.isEmpty()) {
                b.initial(t -> add(t, subject, init));
            }
            b.parallel(p -> {
                for (List<Call> thread : parallel) {
                    p.thread(t -> add(t, subject, thread));
                }
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
    }

    private static Unit add(DSLThreadScenario t, Class<?> subject, List<Call> calls) {
        for (Call c : calls) {
            t.actor(function(subject, c), c.args());
        }
        return Unit.INSTANCE;
    }

    private static KFunction<?> function(Class<?> subject, Call c) {
        Method m = Arrays.stream(subject.getMethods())
                .filter(cand -> cand.getName().equals(c.operation()) && cand.getParameterCount() == c.args().length)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no operation " + c.operation() + "/"
                        + c.args().length + " in " + subject.getName()));
        KFunction<?> f = ReflectJvmMapping.getKotlinFunction(m);
        if (f == null) {
            throw new IllegalArgumentException("no Kotlin view of " + m);
        }
        return f;
    }
}
