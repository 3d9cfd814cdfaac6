/*
 * bench.h: what the C references share, so that each program keeps only its measurement: the start of
 * MPI, iteration counts and warm-ups, the --iterations-scale option and its one-line errors, the refusal
 * of a bad command line, the median over blocks of the slowest rank's time, and the allocations that end
 * the job with one line when memory runs out. Header only (static inline), included as "bench.h" before
 * any other header (it sets the feature macro its functions need): `mpicc x.c` needs no other file or flag.
 *
 * The Swift benchmarks share the same helpers through Examples/Benchmarks/BenchmarkSupport: change both
 * or neither, or the ratios stop meaning anything.
 */
#ifndef BENCH_H
#define BENCH_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* posix_memalign and madvise's MADV_HUGEPAGE */
#endif

#include <errno.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Each figure is measured in BENCH_BLOCKS blocks of iterations, with a barrier before each block; the
 * figure is the median block (bench_median_of_slowest). */
enum { BENCH_BLOCKS = 15 };

/* Each measurement stays a function of its own, so callgrind can count its instructions alone
 * (valgrind --toggle-collect=NAME); each is called once per figure, so this costs nothing measurable. */
#define NOINLINE __attribute__((noinline))

/* Initialises MPI and tells this process's rank and the number of processes in MPI_COMM_WORLD. */
static inline void bench_init(int *argc, char ***argv, int *rank, int *size) {
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
}

/* `count` iterations times the --iterations-scale factor, rounded, at least one. */
static inline long bench_scaled(long count, double scale) {
    long result = lround((double)count * scale);
    return result < 1 ? 1 : result;
}

/* A tenth of the timed iterations, at least one, to fault in pages and settle the protocol. */
static inline long bench_warmups(long iterations) { return iterations / 10 > 0 ? iterations / 10 : 1; }

/* Reads the value of --iterations-scale (NULL when the command line ends without one) into *scale;
 * returns NULL, or the one-line message that rank 0 prints. The bound is the Swift benchmarks' (1000):
 * it keeps every scaled count far inside a long, which lround would otherwise overflow. */
static inline const char *bench_parse_scale(const char *value, double *scale) {
    static char message[256];
    if (!value) return "--iterations-scale needs a value";
    char *end = NULL;
    errno = 0;
    *scale = strtod(value, &end);
    if (errno || end == value || *end || !(*scale > 0) || !(*scale <= 1000)) {
        snprintf(message, sizeof message, "--iterations-scale must be a positive number up to 1000, got '%s'", value);
        return message;
    }
    return NULL;
}

/* The one-line message for an argument the program does not know; `usage` is its usage line. */
static inline const char *bench_unknown_argument(const char *argument, const char *usage) {
    static char message[256];
    snprintf(message, sizeof message, "unknown argument '%s' (usage: %s)", argument, usage);
    return message;
}

/* Parses a command line whose only option is --iterations-scale S; returns NULL, or the one-line message
 * that rank 0 prints. */
static inline const char *bench_parse_scale_only(int argc, char **argv, const char *usage, double *scale) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--iterations-scale") != 0) return bench_unknown_argument(argv[i], usage);
        const char *error = bench_parse_scale(i + 1 < argc ? argv[i + 1] : NULL, scale);
        if (error) return error;
        i++;
    }
    return NULL;
}

/* Refuses a bad command line: rank 0 prints `program: error`, and every rank, having reached the same
 * verdict, finalises and exits with status 2, which mpirun reports. */
static inline void bench_refuse(int rank, const char *program, const char *error) {
    if (rank == 0) fprintf(stderr, "%s: %s\n", program, error);
    MPI_Finalize();
    exit(2);
}

/* The start of a reference whose only option is --iterations-scale S: initialises MPI (bench_init) and
 * returns the scale, 1 when the option is absent; refuses a bad command line (bench_refuse). */
static inline double bench_start(int *argc, char ***argv, const char *program, int *rank, int *size) {
    bench_init(argc, argv, rank, size);
    char usage[128];
    snprintf(usage, sizeof usage, "%s [--iterations-scale S]", program);
    double scale = 1;
    const char *error = bench_parse_scale_only(*argc, *argv, usage, &scale);
    if (error) bench_refuse(*rank, program, error);
    return scale;
}

static inline int bench_compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Reduces each rank's block times with MPI_MAX to rank 0 of MPI_COMM_WORLD and, there, stores the median
 * block in *median and returns 1; returns 0 on the other ranks. A block's time is the slowest rank's: a
 * collective or an exchange is only done when its last rank is. */
static inline int bench_median_of_slowest(const double times[BENCH_BLOCKS], double *median) {
    double slowest[BENCH_BLOCKS];
    int rank;
    MPI_Reduce(times, slowest, BENCH_BLOCKS, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank != 0) return 0;
    qsort(slowest, BENCH_BLOCKS, sizeof(double), bench_compare_doubles);
    *median = slowest[BENCH_BLOCKS / 2];
    return 1;
}

/* `count` doubles (at least one) from plain malloc, as a typical C code gets them; ends the job with one
 * line when there is no memory. */
static inline double *bench_allocate_doubles(const char *program, long count) {
    double *memory = malloc((size_t)(count > 0 ? count : 1) * sizeof(double));
    if (!memory) {
        fprintf(stderr, "%s: cannot allocate %ld doubles\n", program, count);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    return memory;
}

/* `bytes` bytes aligned to `alignment` (a power of two, a multiple of sizeof(void *)); ends the job with
 * one line when there is no memory. */
static inline void *bench_allocate_aligned(const char *program, size_t bytes, size_t alignment) {
    void *memory = NULL;
    if (posix_memalign(&memory, alignment, bytes) != 0) {
        fprintf(stderr, "%s: cannot allocate %zu bytes\n", program, bytes);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    return memory;
}

/* Memory as the Swift arrays get it (Sources/DomainDecomposition/AlignedStorage.swift): from 2 MiB up,
 * 2 MiB-aligned and advised as transparent huge pages; below, 64-byte aligned. Not touched: the first
 * write places the pages. */
static inline double *bench_allocate_huge_pages(const char *program, size_t count) {
    size_t bytes = count * sizeof(double);
    size_t huge = (size_t)2 << 20;
    void *memory = bench_allocate_aligned(program, bytes, bytes >= huge ? huge : 64);
    if (bytes >= huge) madvise(memory, bytes, MADV_HUGEPAGE);
    return memory;
}

#endif /* BENCH_H */
