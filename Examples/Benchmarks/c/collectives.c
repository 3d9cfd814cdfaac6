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
 * Each figure is measured in BENCH_BLOCKS blocks of `iterations` calls after `warmup` untimed calls, with a
 * barrier before each block. A block's time is the slowest rank's; the figure is the median over blocks
 * of block time / iterations. Everything here has a twin in Examples/Benchmarks/bench-collectives/
 * main.swift: the same sizes, iteration counts, warm-ups, barriers, buffers and timer. Change both or
 * neither, or the ratios stop meaning anything. What the references share is in bench.h.
 */
#include "bench.h"

static const long LARGE_COUNT = 1L << 20;      /* 8 MiB of doubles */
static const long ALLTOALL_COUNT = 1L << 17;   /* 1 MiB of doubles per rank */

/* `count` doubles holding `fill + i % 7`, the contents the Swift benchmark writes too. */
static double *allocate(long count, double fill) {
    double *memory = bench_allocate_doubles("collectives-c", count);
    for (long i = 0; i < count; i++) memory[i] = fill + (double)(i % 7);
    return memory;
}

/* Rank 0 prints the median over blocks of the slowest rank's block time, per iteration. */
static void report(const char *name, long bytes, const double *times, long iterations) {
    double median;
    if (!bench_median_of_slowest(times, &median)) return;
    printf("%s %ld %.3f\n", name, bytes, median * 1e6 / (double)iterations);
    fflush(stdout);
}

NOINLINE static double allreduce_scalar(long iterations, double *times) {
    double value = 1.5, result = 0, check = 0;
    long warmup = bench_warmups(iterations);
    for (long i = 0; i < warmup; i++) MPI_Allreduce(&value, &result, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    for (int block = 0; block < BENCH_BLOCKS; block++) {
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
    long warmup = bench_warmups(iterations);
    for (long i = 0; i < warmup; i++) MPI_Allreduce(send, receive, (int)count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    for (int block = 0; block < BENCH_BLOCKS; block++) {
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
    long warmup = bench_warmups(iterations);
    for (long i = 0; i < warmup; i++) MPI_Bcast(buffer, (int)count, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    for (int block = 0; block < BENCH_BLOCKS; block++) {
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
    long warmup = bench_warmups(iterations);
    for (long i = 0; i < warmup; i++)
        MPI_Alltoall(send, (int)count, MPI_DOUBLE, receive, (int)count, MPI_DOUBLE, MPI_COMM_WORLD);
    for (int block = 0; block < BENCH_BLOCKS; block++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        for (long i = 0; i < iterations; i++)
            MPI_Alltoall(send, (int)count, MPI_DOUBLE, receive, (int)count, MPI_DOUBLE, MPI_COMM_WORLD);
        times[block] = MPI_Wtime() - start;
    }
}

int main(int argc, char **argv) {
    int rank, size;
    const double scale = bench_start(&argc, &argv, "collectives-c", &rank, &size);

    double times[BENCH_BLOCKS];
    long iterations;

    iterations = bench_scaled(10000, scale);
    double check = allreduce_scalar(iterations, times);
    report("allreduce", sizeof(double), times, iterations);
    if (check != 1.5 * size * (double)(iterations * BENCH_BLOCKS)) {
        fprintf(stderr, "collectives-c: allreduce of one double gave a wrong sum\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }

    double *send = allocate(LARGE_COUNT, rank);
    double *receive = allocate(LARGE_COUNT, -1);
    iterations = bench_scaled(10, scale);
    allreduce_buffer(iterations, times, send, receive, LARGE_COUNT);
    report("allreduce", LARGE_COUNT * (long)sizeof(double), times, iterations);

    iterations = bench_scaled(10000, scale);
    broadcast(iterations, times, receive, 1);
    report("broadcast", sizeof(double), times, iterations);
    iterations = bench_scaled(20, scale);
    broadcast(iterations, times, receive, LARGE_COUNT);
    report("broadcast", LARGE_COUNT * (long)sizeof(double), times, iterations);
    free(send);
    free(receive);

    send = allocate(ALLTOALL_COUNT * size, rank);
    receive = allocate(ALLTOALL_COUNT * size, -1);
    iterations = bench_scaled(10000, scale);
    alltoall(iterations, times, send, receive, 1);
    report("alltoall", sizeof(double), times, iterations);
    iterations = bench_scaled(50, scale);
    alltoall(iterations, times, send, receive, ALLTOALL_COUNT);
    report("alltoall", ALLTOALL_COUNT * (long)sizeof(double), times, iterations);
    free(send);
    free(receive);

    MPI_Finalize();
    return 0;
}
