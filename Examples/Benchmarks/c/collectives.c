/*
 * collectives: the C reference for bench-collectives.
 *
 *   mpicc -O3 -march=native -o collectives-c collectives.c
 *   mpirun -n 2 --bind-to core ./collectives-c [--iterations-scale S]
 *
 * Prints one line per figure, the format Examples/Benchmarks/compare-collectives.sh reads:
 *
 *   <name> <size_bytes> <microseconds>
 *
 *   allreduce  8        MPI_Allreduce of one double (MPI_SUM), back to back
 *   allreduce  8388608  MPI_Allreduce of 2^20 doubles (8 MiB), back to back
 *   broadcast  8        MPI_Bcast of one double from rank 0, a barrier before each, only the broadcast timed
 *   broadcast  8388608  MPI_Bcast of 2^20 doubles, likewise
 *   alltoall   8        MPI_Alltoall of one double per rank, back to back
 *   alltoall   1048576  MPI_Alltoall of 2^17 doubles (1 MiB) per rank, back to back
 *
 * Each figure is measured in BLOCKS blocks of `iterations` calls after `warmup` untimed calls, with a
 * barrier before each block. A block's time is the slowest rank's; the figure is the median over blocks
 * of block time / iterations. Everything here has a twin in Examples/Benchmarks/bench-collectives/
 * main.swift: the same sizes, iteration counts, warm-ups, barriers, buffers and timer. Change both or
 * neither, or the ratios stop meaning anything.
 */
#include <errno.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCKS = 15 };

/* Each measurement stays a function of its own, so callgrind can count its instructions alone
 * (valgrind --toggle-collect=allreduce_scalar). */
#define NOINLINE __attribute__((noinline))

static const long LARGE_COUNT = 1L << 20;      /* 8 MiB of doubles */
static const long ALLTOALL_COUNT = 1L << 17;   /* 1 MiB of doubles per rank */

static long scaled(long count, double scale) {
    long result = lround((double)count * scale);
    return result < 1 ? 1 : result;
}

/* A tenth of the timed iterations of a block, at least one, to fault in pages and settle the protocol. */
static long warmups(long iterations) { return iterations / 10 > 0 ? iterations / 10 : 1; }

static double *allocate(long count, double fill) {
    double *memory = malloc((size_t)(count > 0 ? count : 1) * sizeof(double));
    if (!memory) {
        fprintf(stderr, "collectives-c: cannot allocate %ld doubles\n", count);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    for (long i = 0; i < count; i++) memory[i] = fill + (double)(i % 7);
    return memory;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Rank 0 prints the median over blocks of the slowest rank's block time, per iteration. */
static void report(int rank, const char *name, long bytes, double *times, long iterations) {
    double slowest[BLOCKS];
    MPI_Reduce(times, slowest, BLOCKS, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    if (rank != 0) return;
    qsort(slowest, BLOCKS, sizeof(double), compare_doubles);
    printf("%s %ld %.3f\n", name, bytes, slowest[BLOCKS / 2] * 1e6 / (double)iterations);
    fflush(stdout);
}

NOINLINE static double allreduce_scalar(long iterations, double *times) {
    double value = 1.5, result = 0, check = 0;
    long warmup = warmups(iterations);
    for (long i = 0; i < warmup; i++) MPI_Allreduce(&value, &result, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    for (int block = 0; block < BLOCKS; block++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        for (long i = 0; i < iterations; i++) {
            MPI_Allreduce(&value, &result, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
            check += result;
        }
        times[block] = MPI_Wtime() - start;
    }
    return check;
}

NOINLINE static void allreduce_buffer(long iterations, double *times, const double *send, double *receive, long count) {
    long warmup = warmups(iterations);
    for (long i = 0; i < warmup; i++) MPI_Allreduce(send, receive, (int)count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    for (int block = 0; block < BLOCKS; block++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        for (long i = 0; i < iterations; i++)
            MPI_Allreduce(send, receive, (int)count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        times[block] = MPI_Wtime() - start;
    }
}

/* A barrier before every broadcast, so that it measures latency rather than how far the root runs
 * ahead; only the broadcast itself is timed (as in osu_bcast). */
NOINLINE static void broadcast(long iterations, double *times, double *buffer, long count) {
    long warmup = warmups(iterations);
    for (long i = 0; i < warmup; i++) MPI_Bcast(buffer, (int)count, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    for (int block = 0; block < BLOCKS; block++) {
        double total = 0;
        for (long i = 0; i < iterations; i++) {
            MPI_Barrier(MPI_COMM_WORLD);
            double start = MPI_Wtime();
            MPI_Bcast(buffer, (int)count, MPI_DOUBLE, 0, MPI_COMM_WORLD);
            total += MPI_Wtime() - start;
        }
        times[block] = total;
    }
}

NOINLINE static void alltoall(long iterations, double *times, const double *send, double *receive, long count) {
    long warmup = warmups(iterations);
    for (long i = 0; i < warmup; i++)
        MPI_Alltoall(send, (int)count, MPI_DOUBLE, receive, (int)count, MPI_DOUBLE, MPI_COMM_WORLD);
    for (int block = 0; block < BLOCKS; block++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        for (long i = 0; i < iterations; i++)
            MPI_Alltoall(send, (int)count, MPI_DOUBLE, receive, (int)count, MPI_DOUBLE, MPI_COMM_WORLD);
        times[block] = MPI_Wtime() - start;
    }
}

/* Parses the command line; on error returns a one-line message, otherwise NULL. */
static const char *parse(int argc, char **argv, double *scale) {
    static char message[256];
    for (int i = 1; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(argv[i], "--iterations-scale") == 0) {
            if (!value) return "--iterations-scale needs a value";
            errno = 0;
            *scale = strtod(value, &end);
            if (errno || end == value || *end || !(*scale > 0) || !isfinite(*scale)) {
                snprintf(message, sizeof message, "--iterations-scale must be a positive number, got '%s'", value);
                return message;
            }
            i++;
        } else {
            snprintf(message, sizeof message,
                     "unknown argument '%s' (usage: collectives-c [--iterations-scale S])", argv[i]);
            return message;
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    double scale = 1;
    const char *error = parse(argc, argv, &scale);
    if (error) {
        /* Every rank reaches the same verdict, so all can finalise; exit non-zero so mpirun reports it. */
        if (rank == 0) fprintf(stderr, "collectives-c: %s\n", error);
        MPI_Finalize();
        return 2;
    }

    double times[BLOCKS];
    long iterations;

    iterations = scaled(10000, scale);
    double check = allreduce_scalar(iterations, times);
    report(rank, "allreduce", sizeof(double), times, iterations);
    if (check != 1.5 * size * (double)(iterations * BLOCKS)) {
        fprintf(stderr, "collectives-c: allreduce of one double gave a wrong sum\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }

    double *send = allocate(LARGE_COUNT, rank);
    double *receive = allocate(LARGE_COUNT, -1);
    iterations = scaled(10, scale);
    allreduce_buffer(iterations, times, send, receive, LARGE_COUNT);
    report(rank, "allreduce", LARGE_COUNT * (long)sizeof(double), times, iterations);

    iterations = scaled(10000, scale);
    broadcast(iterations, times, receive, 1);
    report(rank, "broadcast", sizeof(double), times, iterations);
    iterations = scaled(20, scale);
    broadcast(iterations, times, receive, LARGE_COUNT);
    report(rank, "broadcast", LARGE_COUNT * (long)sizeof(double), times, iterations);
    free(send);
    free(receive);

    send = allocate(ALLTOALL_COUNT * size, rank);
    receive = allocate(ALLTOALL_COUNT * size, -1);
    iterations = scaled(10000, scale);
    alltoall(iterations, times, send, receive, 1);
    report(rank, "alltoall", sizeof(double), times, iterations);
    iterations = scaled(50, scale);
    alltoall(iterations, times, send, receive, ALLTOALL_COUNT);
    report(rank, "alltoall", ALLTOALL_COUNT * (long)sizeof(double), times, iterations);
    free(send);
    free(receive);

    MPI_Finalize();
    return 0;
}
