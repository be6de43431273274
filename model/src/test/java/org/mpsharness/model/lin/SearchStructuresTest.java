package org.mpsharness.model.lin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The search's data structures against plain reference implementations: the bitset's trimmed bounds and incremental
 * hash, the memo table's set semantics (a false "already seen" would prune a live branch and turn a pass into a
 * violation), and the event list's lift/unlift.
 */
class SearchStructuresTest {

    @Test
    void linearizedSetKeepsBoundsAndHashConsistentWithItsMembers() {
        Random rnd = new Random(7);
        int size = 300;
        LinearizedSet set = new LinearizedSet(size);
        LinearizedSet replay = new LinearizedSet(size);
        BitSet reference = new BitSet();
        for (int step = 0; step < 20_000; step++) {
            int i = rnd.nextInt(4) == 0 ? rnd.nextInt(size) : Math.min(size - 1, reference.nextClearBit(0) + rnd.nextInt(5));
            if (reference.get(i)) {
                set.remove(i);
                reference.clear(i);
            } else {
                set.add(i);
                reference.set(i);
            }
            int low = reference.nextClearBit(0) >>> 6;
            int high = reference.isEmpty() ? -1 : (reference.length() - 1) >>> 6;
            assertThat(set.low()).isEqualTo(Math.min(low, (size + 63) / 64));
            assertThat(set.high()).isEqualTo(high);
            assertThat(set.contains(i)).isEqualTo(reference.get(i));
        }
        // the hash depends on the members only, not on the path that led there
        reference.stream().forEach(replay::add);
        assertThat(replay.hash()).isEqualTo(set.hash());
    }

    @Test
    void configurationCacheIsASetOfBitsetAndStatePairs() {
        Random rnd = new Random(11);
        int size = 200;
        ConfigurationCache cache = new ConfigurationCache();
        Set<List<Object>> reference = new HashSet<>();
        LinearizedSet set = new LinearizedSet(size);
        BitSet members = new BitSet();
        for (int step = 0; step < 50_000; step++) {
            int i = rnd.nextInt(size);
            if (members.get(i)) {
                set.remove(i);
                members.clear(i);
            } else {
                set.add(i);
                members.set(i);
            }
            Integer state = rnd.nextInt(3);
            boolean fresh = reference.add(List.of(members.clone(), state));
            assertThat(cache.add(set, state)).as("step %d", step).isEqualTo(fresh);
        }
        assertThat(cache.size()).isEqualTo(reference.size());
    }

    @Test
    void eventListLiftsAndRestoresInStackOrder() {
        List<Operation> ops = List.of(
                Ops.write(0, 1L, 1, 4), Ops.read(1, 1L, 2, 3), Operation.unknownOutcome(2, "write", 2L, 5),
                Ops.read(0, 2L, 6, 7));
        EventList list = new EventList(ops);
        List<String> before = walk(list);
        assertThat(before).containsExactly("call 0", "call 1", "return 1", "return 0", "call 2", "call 3",
                "return 3");

        list.lift(list.callOf(1));
        list.lift(list.callOf(2));
        assertThat(walk(list)).containsExactly("call 0", "return 0", "call 3", "return 3");
        list.unlift(list.callOf(2));
        list.unlift(list.callOf(1));

        assertThat(walk(list)).isEqualTo(before);
        assertThat(list.operationsWithReturn()).isEqualTo(3);
        assertThat(list.hasReturn(2)).isFalse();
    }

    @Test
    void equalPositionsMeanOverlap() {
        // the read is called at the very position the write returns: they overlap, so the read may see the old value
        List<Operation> ops = List.of(Ops.write(0, 1L, 1, 3), Ops.read(1, null, 3, 4));
        assertThat(new LinearizabilityChecker().check(new org.mpsharness.model.spec.RegisterSpec(), ops).verdict())
                .isEqualTo(Verdict.OK);
    }

    private static List<String> walk(EventList list) {
        List<String> seen = new ArrayList<>();
        for (int e = list.first(); !list.isTail(e); e = list.next(e)) {
            seen.add((list.isCall(e) ? "call " : "return ") + list.operation(e));
        }
        return seen;
    }
}
