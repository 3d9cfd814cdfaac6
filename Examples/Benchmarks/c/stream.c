/*
 * stream: the STREAM triad a[i] = b[i] + s·c[i] on every rank at once, for the memory-bandwidth roofline
 * of bench-heat (one rank per core: 1 rank measures one core's bandwidth, 2 ranks the machine's).
 *
 *   mpicc -O3 -march=native -o stream-c stream.c
 *   mpirun -n 2 --bind-to core ./stream-c [elements per rank, default 2^25]
 *
 * Each rank owns three arrays far larger than the caches (3 × 256 MiB by default), allocated like the
 * solvers' arrays (2 MiB-aligned, transparent huge pages, touched first by their owner). The triad runs
 * 12 times between barriers; the best of the last 11 counts, as in McCalpin's STREAM. Bandwidth is
 * reported in STREAM's convention, 24 bytes per element (two loads and a store; the write-allocate
 * read of a[] that ordinary stores also cause is not counted), summed over the ranks:
 *
 *   result ranks <p> elements <n> triad_gbs <GB/s> triad_gbs_with_write_allocate <GB/s × 32/24>
 */
#include "bench.h"

int main(int argc, char **argv) {
    int rank, size;
    bench_init(&argc, &argv, &rank, &size);
    long n = argc > 1 ? atol(argv[1]) : 1L << 25;
    double *a = bench_allocate_huge_pages("stream-c", n), *b = bench_allocate_huge_pages("stream-c", n);
    double *c = bench_allocate_huge_pages("stream-c", n);
    for (long i = 0; i < n; i++) {
        a[i] = 1.0;
        b[i] = 2.0;
        c[i] = 0.5;
    }
    const double scalar = 3.0;
    const int repeats = 12;
    double best = 1e30;
    for (int r = 0; r < repeats; r++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        for (long i = 0; i < n; i++) a[i] = b[i] + scalar * c[i];
        double local = MPI_Wtime() - start, slowest;
        MPI_Allreduce(&local, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        if (r > 0 && slowest < best) best = slowest;
    }
    double sum = 0, total;
    for (long i = 0; i < n; i += 4096) sum += a[i];
    MPI_Reduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        double gbs = 24.0 * (double)n * size / best / 1e9;
        printf("result ranks %d elements %ld triad_gbs %.2f triad_gbs_with_write_allocate %.2f check %.1f\n", size, n,
               gbs, gbs * 32.0 / 24.0, total);
    }
    free(a);
    free(b);
    free(c);
    MPI_Finalize();
    return 0;
}
