package org.mpsharness.model.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpsharness.model.PublicHistories;
import org.mpsharness.model.PublicHistories.EtcdCase;
import org.mpsharness.model.lin.Operation;

/** The two public formats: what each kind of line means, and one-line errors for what is malformed. */
class JepsenReadersTest {

    private static History etcd(String text) throws Exception {
        return new JepsenEtcdReader().read("e.log", new BufferedReader(new StringReader(text)));
    }

    private static History kv(String text) throws Exception {
        return new JepsenKvReader().read("k.txt", new BufferedReader(new StringReader(text)));
    }

    @Test
    void etcdCompletionsMeanWhatThePublishedVerdictsAssume() throws Exception {
        History h = etcd("""
                INFO  jepsen.util - 0\t:invoke\t:read\tnil
                INFO  jepsen.util - 1\t:invoke\t:write\t3
                INFO  jepsen.util - 2   :invoke :cas    [3 4]
                INFO  jepsen.util - 3\t:invoke\t:cas\t[1 2]
                INFO  jepsen.util - 4\t:invoke\t:read\tnil
                INFO  jepsen.util - 0\t:ok\t:read\tnil
                INFO  jepsen.util - 1\t:info\t:write\t:timed-out
                INFO  jepsen.util - 2\t:ok\t:cas\t[3 4]
                INFO  jepsen.util - 3\t:fail\t:cas\t[1 2]
                INFO  jepsen.util - 4\t:fail\t:read\t:timed-out
                INFO  jepsen.util - 5\t:invoke\t:write\t7
                """);

        assertThat(h.operations()).containsExactly(
                Operation.completed(0, "read", null, null, 1, 6),
                Operation.unknownOutcome(1, "write", 3L, 2),
                Operation.completed(2, "cas", List.of(3L, 4L), true, 3, 8),
                Operation.completed(3, "cas", List.of(1L, 2L), false, 4, 9), // compare failed: completed, false
                // the timed-out read (line 5/10) is gone: it had no effect
                Operation.unknownOutcome(5, "write", 7L, 11));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "INFO  jepsen.util - 1 :invoke :incr 1    | e.log:2: unknown function :incr (jepsen-etcd has :read, :write, :cas)",
            "INFO  jepsen.util - x :invoke :read nil  | e.log:2: process must be a non-negative integer, not 'x'",
            "INFO  jepsen.util - 0 :ok :write 4       | e.log:2: completion of :write repeats 4 but the invocation had 3",
            "INFO  jepsen.util - 0 :ok :read 3        | e.log:2: process 0 completes read but invoked write at line 1",
            "INFO  jepsen.util - 1 :ok :read 3        | e.log:2: process 1 completes read but has no operation in progress",
            "INFO  jepsen.util - 1 :invoke :write x   | e.log:2: expected nil, an integer, a :keyword or [...], found 'x'",
            "INFO  jepsen.util - 1 :invoke :cas [1]   | e.log:2: :invoke :cas takes [FROM TO] integers, not [1]",
            "INFO  jepsen.util - 1 :invoke :cas [1 2  | e.log:2: unclosed vector '[1 2'",
            "INFO  jepsen.util - 1 :begin :read nil   | e.log:2: unknown event type :begin (expected :invoke, :ok, :fail, :info)",
            "INFO  jepsen.util - 1 invoke :read nil   | e.log:2: expected a keyword (:type), found 'invoke'",
            "WARN  jepsen.core - something else       | e.log:2: expected 'INFO jepsen.util - PROCESS :TYPE :F VALUE', found 'WARN  jepsen.core - something else'",
    })
    void etcdMalformedLinesNameFileAndLine(String second, String message) {
        String text = "INFO  jepsen.util - 0\t:invoke\t:write\t3\n" + second.strip() + "\n";
        assertThatThrownBy(() -> etcd(text)).isInstanceOf(HistoryFormatException.class).hasMessage(message);
    }

    @Test
    void kvLinesBecomeKeyValueOperations() throws Exception {
        History h = kv("""
                {:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}
                {:process 1, :type :invoke, :f :get, :key "0", :value nil}
                {:process 2, :type :invoke, :f :put, :key "1", :value "a\\"b"}
                {:process 0, :type :ok, :f :append, :key "0", :value "x 0 0 y"}
                {:process 1, :type :ok, :f :get, :key "0", :value ""}
                {:process 2, :type :fail, :f :put, :key "1", :value "a\\"b"}
                {:process 3, :type :invoke, :f :put, :key "2", :value "z"}
                {:process 3, :type :info, :f :put, :key "2", :value "z"}
                """);

        assertThat(h.operations()).containsExactly(
                Operation.completed(0, "append", Map.of("key", "0", "value", "x 0 0 y"), null, 1, 4),
                Operation.completed(1, "get", Map.of("key", "0"), "", 2, 5),
                Operation.unknownOutcome(3, "put", Map.of("key", "2", "value", "z"), 7));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{:process 0, :type :ok, :f :get, :key \"1\", :value \"\"}       | k.txt:2: completion names key \"1\" but the invocation had \"0\"",
            "{:process 0, :type :ok, :f :get, :key \"0\", :value nil}        | k.txt:2: :ok :get returns a string, not null",
            "{:process 0, :type :ok, :f :get, :key \"0\", :colour 1}         | k.txt:2: unknown field :colour (fields: :process :type :f :key :value)",
            "{:process 0, :type :ok, :f :get, :key \"0\", :value \"x}        | k.txt:2: column 51: string not closed before the end of the line",
            "{:process 0, :type :ok, :f :scan, :key \"0\", :value \"x\"}     | k.txt:2: unknown function :scan (jepsen-kv has :get, :put, :append)",
            ":process 0                                                      | k.txt:2: column 1: expected '{'",
            "{:process 0, :type ok}                                          | k.txt:2: column 20: expected a keyword, string, integer or nil, found 'ok'",
            "{:process 0 :process 1}                                         | k.txt:2: column 23: duplicate key :process",
    })
    void kvMalformedLinesNameFileAndLine(String second, String message) {
        String text = "{:process 0, :type :invoke, :f :get, :key \"0\", :value nil}\n" + second.strip() + "\n";
        assertThatThrownBy(() -> kv(text)).isInstanceOf(HistoryFormatException.class).hasMessage(message);
    }

    @Test
    void bytesThatAreNotUtf8AreReportedWithTheLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.log");
        Files.write(file, new byte[] {'{', '}', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        assertThatThrownBy(() -> HistoryFormat.JSONL.read(file)).isInstanceOf(HistoryFormatException.class)
                .hasMessageEndingWith(":2: not valid UTF-8 text").hasMessageStartingWith(file.toString());
    }

    static Stream<EtcdCase> etcdCases() {
        return PublicHistories.etcdCases();
    }

    /** The counts a reader must get, derived independently from the raw text of each published log. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("etcdCases")
    void everyPublishedEtcdLogReadsCompletely(EtcdCase c) throws Exception {
        Path log = PublicHistories.requireCase(c).log();
        List<String> lines = Files.readAllLines(log);
        long invokes = lines.stream().filter(l -> l.contains(":invoke")).count();
        long oks = lines.stream().filter(l -> l.contains(":ok")).count();
        long fails = lines.stream().filter(l -> l.contains(":fail")).count();
        long failedReads = lines.stream().filter(l -> l.contains(":fail") && l.contains(":read")).count();

        History h = HistoryFormat.JEPSEN_ETCD.read(log);

        assertThat(h.size()).isEqualTo(invokes - failedReads);
        assertThat(h.operations().stream().filter(o -> !o.hasReturn()).count()).isEqualTo(invokes - oks - fails);
    }
}
