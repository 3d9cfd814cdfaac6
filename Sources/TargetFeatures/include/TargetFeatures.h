// What the build's target CPU offers, as the C preprocessor sees it. Swift has no compile-time test for
// CPU features; the Clang importer, though, parses this header for the same target as the Swift code
// (`-Xswiftc -target-cpu -Xswiftc native` reaches it), so the macros below are constants of the build
// that the Swift optimiser folds.
#ifndef SWIFT_MPI_TARGET_FEATURES_H
#define SWIFT_MPI_TARGET_FEATURES_H

// 1 when the target has fused multiply-add instructions (x86-64 with FMA3, or AArch64, where they are
// part of the base instruction set); 0 when a fused multiply-add would be a call to libm's fma().
#if defined(__FMA__) || defined(__aarch64__)
#define SWIFT_MPI_TARGET_HAS_FMA 1
#else
#define SWIFT_MPI_TARGET_HAS_FMA 0
#endif

#endif
