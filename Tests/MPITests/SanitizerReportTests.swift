import MPITestSupport
import Testing

/// The launchers fail a job whose output holds a sanitizer's report (`make test-asan`, `make test-tsan`):
/// these are the headlines each runtime prints, and output that merely mentions a sanitizer.
@Suite struct SanitizerReportTests {
    @Test(arguments: [
        "==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000018 at pc 0x55d5",
        "==4242==ERROR: LeakSanitizer: detected memory leaks",
        "WARNING: ThreadSanitizer: data race (pid=4242)",
        "==4242==ERROR: ThreadSanitizer: unexpected memory mapping 0x7f0000000000-0x7f0000001000",
        "==4242==ERROR: UndefinedBehaviorSanitizer: SEGV on unknown address 0x000000000000",
    ])
    func findsEachRuntimesReport(headline: String) {
        let output = "ok ring\n\n=================================================================\n\(headline)\n    #0 0x55d5 in main\n"
        #expect(SanitizerReport.headlines(in: output) == [Substring(headline)])
    }

    @Test func cleanOutputHasNoReport() {
        let output = """
            heat: 2-D explicit run, AddressSanitizer build
            ok ring
            ThreadSanitizer: reported 0 warnings
            """
        #expect(SanitizerReport.headlines(in: output).isEmpty)
    }
}
