/*
 * heat: the C reference for bench-heat — explicit (Jacobi-style) 2-D heat diffusion, the 5-point
 * forward Euler update of Sources/HeatDiffusion, on an nx × ny interior split in blocks of rows over
 * the ranks, halo rows exchanged with MPI_Sendrecv before every sweep.
 *
 *   mpicc -O3 -march=native -o heat-c heat.c -lm
 *   mpirun -n 2 --bind-to core ./heat-c 4096 4096 100
 *
 * Arguments: nx ny steps (default 4096 4096 100). Prints one line that compare-heat.sh reads:
 *
 *   result ranks <p> nx <nx> ny <ny> steps <S> seconds <s> mlups <m> fastest_step_mlups <f> checksum <sum>
 *
 * The update is v = c u + wx (u_W + u_E) + wy (u_N + u_S) with the Swift solver's weights (alpha 1,
 * L 1, dt = 0.9 × the stability limit); the field starts as sin(pi x) sin(pi y) on the cell-centred
 * grid, with zero ghosts on the outer boundary (fixed, not refreshed, as a textbook Jacobi code does).
 * Memory is allocated like the Swift arrays (2 MiB-aligned, advised as transparent huge pages, zeroed),
 * so the two programs are compared on the same kind of pages. MLUPS = nx·ny·steps / slowest rank's
 * seconds / 10⁶, the seconds covering the exchanges and sweeps of every step; fastest_step_mlups uses the
 * fastest single step instead (each rank's fastest, the slowest of those), the figure least disturbed by
 * other work on a shared machine.
 */
#include "bench.h"

/* Zeroed, so that the ghosts on the outer boundary start (and stay) zero. */
static double *allocate(size_t count) {
    double *memory = bench_allocate_huge_pages("heat-c", count);
    memset(memory, 0, count * sizeof(double));
    return memory;
}

int main(int argc, char **argv) {
    int rank, size;
    bench_init(&argc, &argv, &rank, &size);
    long nx = argc > 1 ? atol(argv[1]) : 4096;
    long ny = argc > 2 ? atol(argv[2]) : 4096;
    int steps = argc > 3 ? atoi(argv[3]) : 100;
    if (nx < 1 || ny < size || steps < 0) {
        if (rank == 0) fprintf(stderr, "heat-c: need nx >= 1, ny >= ranks, steps >= 0\n");
        MPI_Finalize();
        return 2;
    }

    /* Rows split in blocks, the remainder one each over the first ranks (the Swift BlockPartition). */
    long rows = ny / size + (rank < ny % size ? 1 : 0);
    long first = rank * (ny / size) + (rank < ny % size ? rank : ny % size);
    long stride = nx + 2;
    double *u = allocate((size_t)(rows + 2) * stride);
    double *v = allocate((size_t)(rows + 2) * stride);

    double hx = 1.0 / nx, hy = 1.0 / ny;
    double limit = 1.0 / (2.0 * (1.0 / (hx * hx) + 1.0 / (hy * hy)));
    double dt = 0.9 * limit;
    double wx = dt / (hx * hx), wy = dt / (hy * hy);
    double c = 1.0 - 2.0 * (wx + wy);
    const double pi = 3.14159265358979323846;
    for (long i = 0; i < rows; i++) {
        double sy = sin(pi * ((double)(first + i) + 0.5) * hy);
        for (long j = 0; j < nx; j++) u[(i + 1) * stride + j + 1] = sy * sin(pi * ((double)j + 0.5) * hx);
    }

    int up = rank > 0 ? rank - 1 : MPI_PROC_NULL;
    int down = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime(), fastest = 1e30;
    for (int step = 0; step < steps; step++) {
        double step_start = MPI_Wtime();
        /* First row up, last row down; receive the neighbours' into the ghost rows. */
        MPI_Sendrecv(u + stride + 1, (int)nx, MPI_DOUBLE, up, 0, u + (rows + 1) * stride + 1, (int)nx, MPI_DOUBLE,
                     down, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Sendrecv(u + rows * stride + 1, (int)nx, MPI_DOUBLE, down, 1, u + 1, (int)nx, MPI_DOUBLE, up, 1,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (long i = 1; i <= rows; i++) {
            const double *restrict centre = u + i * stride;
            const double *restrict north = centre - stride;
            const double *restrict south = centre + stride;
            double *restrict out = v + i * stride;
            for (long j = 1; j <= nx; j++) {
                out[j] = c * centre[j] + wx * (centre[j - 1] + centre[j + 1]) + wy * (north[j] + south[j]);
            }
        }
        double *swap = u;
        u = v;
        v = swap;
        double step_seconds = MPI_Wtime() - step_start;
        if (step_seconds < fastest) fastest = step_seconds;
    }
    double seconds = MPI_Wtime() - start, slowest, fastest_slowest;
    MPI_Reduce(&seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    MPI_Reduce(&fastest, &fastest_slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);

    double local = 0, checksum;
    for (long i = 1; i <= rows; i++)
        for (long j = 1; j <= nx; j++) local += u[i * stride + j];
    MPI_Reduce(&local, &checksum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        printf("result ranks %d nx %ld ny %ld steps %d seconds %.6f mlups %.1f fastest_step_mlups %.1f checksum %.17g\n",
               size, nx, ny, steps, slowest, (double)nx * (double)ny * steps / slowest / 1e6,
               (double)nx * (double)ny / fastest_slowest / 1e6, checksum);
    }
    free(u);
    free(v);
    MPI_Finalize();
    return 0;
}
