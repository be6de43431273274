package org.mpsharness.core.once;

import org.mpsharness.core.design.DesignSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OncePerSlotTest {

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void factoryRunsExactlyOncePerSlotUnderRaces(String design) throws Exception {
        for (int round = 0; round < 20; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(8);
            OncePerSlot<Object> once = DesignSet.parse(design).newOnce(8, i -> {
                runs.incrementAndGet(i);
                Thread.yield(); // widen the window a broken design would lose
                return new Object();
            });
            int threads = 8;
            CyclicBarrier go = new CyclicBarrier(threads);
            List<Thread> ts = new ArrayList<>();
            Object[][] seen = new Object[threads][8];
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < 8; i++) {
                        seen[id][(i + id) % 8] = once.get((i + id) % 8);
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            for (int i = 0; i < 8; i++) {
                assertThat(runs.get(i)).as("factory runs for slot %d", i).isEqualTo(1);
                for (int t = 1; t < threads; t++) {
                    assertThat(seen[t][i]).as("every thread sees the one value").isSameAs(seen[0][i]);
                }
                assertThat(once.peek(i)).isSameAs(seen[0][i]);
                assertThat(once.indexOf(seen[0][i])).isEqualTo(i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void aFactoryThatThrowsLeavesTheSlotRetryable(String design) {
        AtomicInteger calls = new AtomicInteger();
        OncePerSlot<String> once = DesignSet.parse(design).newOnce(4, i -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("device refused");
            }
            return "stream-" + i;
        });
        assertThatThrownBy(() -> once.get(2)).hasMessage("device refused");
        assertThat(once.peek(2)).isNull();
        assertThat(once.get(2)).isEqualTo("stream-2");
        assertThat(once.get(2)).isEqualTo("stream-2");
        assertThat(calls.get()).isEqualTo(2);
        assertThat(once.indexOf("other")).isEqualTo(-1);
    }
}
