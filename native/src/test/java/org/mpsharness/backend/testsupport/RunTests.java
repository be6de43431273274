package org.mpsharness.backend.testsupport;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import picocli.CommandLine;

/**
 * Runs test classes without Maven, for the GPU host (a jlinked JRE and jars, no build tool): one line per test
 * (PASS, SKIP with the reason, FAIL with the first line of the failure), then a summary; exit status 0 only when
 * nothing failed. Sets the properties surefire would set.
 *
 * <pre>
 * java -cp '.carry/native/lib/*' org.mpsharness.backend.testsupport.RunTests \
 *      org.mpsharness.backend.cuda.CudaGpuTest
 * </pre>
 */
public final class RunTests {
    private RunTests() {
    }

    /** The command line: the test classes, with {@code --help}; a usage error is one line and exit 2. */
    @CommandLine.Command(name = "RunTests", mixinStandardHelpOptions = true,
            description = "Runs JUnit test classes without Maven: one line per test, then a summary.")
    static final class Args {
        @CommandLine.Parameters(arity = "1..*", paramLabel = "CLASS", description = "test classes, fully qualified")
        List<String> classes = new ArrayList<>();
    }

    public static void main(String[] args) {
        System.setProperty("harness.lockOrderCheck", System.getProperty("harness.lockOrderCheck", "true"));
        Args a = new Args();
        CommandLine cl = new CommandLine(a);
        try {
            if (CommandLine.printHelpIfRequested(cl.parseArgs(args))) {
                System.exit(0);
            }
        } catch (CommandLine.ParameterException e) {
            System.err.println("RunTests: " + e.getMessage().lines().findFirst().orElse("") + " (try: --help)");
            System.exit(2);
        }
        List<ClassSelector> selectors = new ArrayList<>();
        for (String c : a.classes) {
            selectors.add(selectClass(c));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, new Lines(), summary);
        TestExecutionSummary s = summary.getSummary();
        System.out.printf("%ntests found %d, succeeded %d, skipped %d, failed %d, aborted %d%n",
                s.getTestsFoundCount(), s.getTestsSucceededCount(), s.getTestsSkippedCount(),
                s.getTestsFailedCount() + s.getContainersFailedCount(), s.getTestsAbortedCount());
        s.getFailures().forEach(f -> {
            System.out.println("FAILED " + f.getTestIdentifier().getDisplayName() + ":");
            f.getException().printStackTrace(System.out);
        });
        System.exit(s.getTotalFailureCount() == 0 ? 0 : 1);
    }

    /** One line per finished test. */
    private static final class Lines implements TestExecutionListener {
        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            System.out.println("SKIP " + id.getDisplayName() + ": " + reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                return;
            }
            String what = id.getLegacyReportingName();
            switch (result.getStatus()) {
                case SUCCESSFUL -> System.out.println("PASS " + what);
                case ABORTED -> System.out.println("SKIP " + what + ": " + result.getThrowable()
                        .map(Throwable::getMessage).orElse(""));
                default -> System.out.println("FAIL " + what + ": " + result.getThrowable()
                        .map(t -> String.valueOf(t).split("\n")[0]).orElse(""));
            }
        }
    }
}
