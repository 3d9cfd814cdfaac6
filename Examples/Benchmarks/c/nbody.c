/*
 * nbody: the C reference for bench-nbody — direct O(N²) gravity in double precision, Plummer
 * softening, kick-drift-kick leapfrog, bodies in blocks over ranks, positions shared by MPI_Allgatherv.
 *
 *   mpicc -O3 -march=native -fno-math-errno -fopenmp-simd -o nbody-c nbody.c -lm
 *   mpirun -n 2 --bind-to core ./nbody-c --ic bodies.csv --steps 10 --dt 0.001 --softening 0.01
 *
 * The initial state comes from a CSV file with the header `mass,x,y,z,vx,vy,vz`, which the Swift program
 * writes (`nbody --ic plummer --bodies N --steps 0 --final-state bodies.csv`), so both programs integrate
 * the same bodies. Prints one line that Examples/Benchmarks/compare-nbody.sh reads:
 *
 *   result ranks <p> bodies <N> steps <S> seconds <s> interactions_per_second <r>
 *          interactions_per_processor_second <q> relative_energy_error <e>
 *
 * Seconds are the slowest rank's wall-clock time for the stepping loop; processor seconds are summed
 * over ranks (CLOCK_PROCESS_CPUTIME_ID), which a shared machine's other load does not inflate.
 *
 * The algorithm is the Swift one's (Sources/NBody): the same partition, kick/drift/kick order, exchange,
 * and N² interactions per step, each 20 floating-point operations by convention, the self-interaction
 * included and masked to zero. The inner loop is the textbook one that compilers vectorise (one
 * `#pragma omp simd` reduction per target body); it does not reproduce the Swift program's fixed lane
 * order, so the two agree to rounding, not bit for bit.
 *
 * Built as is, it computes 1/√r² as `1.0 / sqrt(r2)`: the reference the issue sets. Built with
 * -DNBODY_NEWTON_INVERSE_SQRT, it computes it as the Swift kernel does
 * (Sources/NBody/InverseSquareRoot.swift: a bit-level estimate and four Newton steps, no square root or
 * division) in explicit 8-wide vectors, so that the benchmark can also compare the two languages on the
 * same arithmetic.
 */
#include "bench.h"

#include <stdint.h>
#include <time.h>

/* Processor time of this process, user and system, in seconds. */
static double processor_seconds(void) {
    struct timespec time;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time);
    return (double)time.tv_sec + 1e-9 * (double)time.tv_nsec;
}

/* A value from the command line; exits with a one-line message when it is not a number. */
static double number(const char *option, const char *text) {
    char *end;
    double value = strtod(text, &end);
    if (*text == '\0' || *end != '\0' || !isfinite(value)) {
        fprintf(stderr, "nbody-c: %s needs a finite number, got '%s'\n", option, text);
        exit(2);
    }
    return value;
}

/* Reads the bodies on rank 0: returns the count and fills *state with 7 doubles per body. */
static long read_bodies(const char *path, double **state) {
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); return -1; }
    char line[1024];
    if (!fgets(line, sizeof line, file) || strncmp(line, "mass,x,y,z,vx,vy,vz", 19) != 0) {
        fprintf(stderr, "nbody-c: %s: the header must be mass,x,y,z,vx,vy,vz\n", path);
        fclose(file);
        return -1;
    }
    long capacity = 1024, count = 0;
    double *values = malloc(sizeof(double) * 7 * capacity);
    while (fgets(line, sizeof line, file)) {
        if (count == capacity) {
            capacity *= 2;
            values = realloc(values, sizeof(double) * 7 * capacity);
        }
        double *b = values + 7 * count;
        if (sscanf(line, "%lf,%lf,%lf,%lf,%lf,%lf,%lf", b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6) != 7) {
            fprintf(stderr, "nbody-c: %s: line %ld is not 7 numbers\n", path, count + 2);
            fclose(file);
            free(values);
            return -1;
        }
        count++;
    }
    fclose(file);
    *state = values;
    return count;
}

#ifdef NBODY_NEWTON_INVERSE_SQRT
/* Eight doubles, and their bit patterns: GCC's vector extensions, the counterpart of Swift's SIMD8. */
typedef double lanes __attribute__((vector_size(64)));
typedef uint64_t lane_bits __attribute__((vector_size(64)));

/* 1/√x for positive normal x without the divider: Swift's inverseSquareRoot, operation for operation
 * (GCC contracts each line into one fused multiply-add, as the Swift kernel's MultiplyAdd does). */
static inline lanes inverse_sqrt(lanes x) {
    lanes y = (lanes)(0x5FE6EB50C7B537A9u - ((lane_bits)x >> 1));
    for (int step = 0; step < 4; step++) {
        const lanes residual = x * y * y - 1;
        y = -0.5 * y * residual + y;
    }
    return y;
}

/* Adds the pull of 8 sources on one target to the lane sums. The estimate is not 1/√r² at r² = 0
 * (coincident bodies) or ∞ (r² overflowed), so those lanes get no force. */
static inline void interact(lanes xj, lanes yj, lanes zj, lanes mj, double xi, double yi, double zi, double epsilon2,
                            lanes *sx, lanes *sy, lanes *sz) {
    const lanes dx = xj - xi, dy = yj - yi, dz = zj - zi;
    const lanes r2 = dz * dz + (dy * dy + (dx * dx + epsilon2));  /* three fused multiply-adds, as in Swift */
    const lanes inverse = inverse_sqrt(r2);
    const lane_bits applies = (lane_bits)((r2 > 0) & (r2 < INFINITY));
    const lanes s = (lanes)((lane_bits)(mj * inverse * inverse * inverse) & applies);
    *sx += dx * s;
    *sy += dy * s;
    *sz += dz * s;
}

/* Up to 8 values from p, the lanes past `available` zero (massless sources at the origin pull nothing). */
static inline lanes load_lanes(const double *p, long available) {
    lanes v = {0};
    memcpy(&v, p, sizeof(double) * (size_t)(available < 8 ? available : 8));
    return v;
}

/* Accelerations of bodies [first, first + count) from all n bodies at (x, y, z) with masses m, 8 sources
 * at a time in explicit vectors: the Swift kernel's loop. */
static void accelerations(long n, const double *restrict x, const double *restrict y, const double *restrict z,
                          const double *restrict m, long first, long count, double epsilon2, double g,
                          double *restrict ax, double *restrict ay, double *restrict az) {
    const long whole = n / 8 * 8;
    for (long i = 0; i < count; i++) {
        const double xi = x[first + i], yi = y[first + i], zi = z[first + i];
        lanes sx = {0}, sy = {0}, sz = {0};
        for (long j = 0; j < whole; j += 8) {
            lanes xj, yj, zj, mj;
            memcpy(&xj, x + j, sizeof xj), memcpy(&yj, y + j, sizeof yj);
            memcpy(&zj, z + j, sizeof zj), memcpy(&mj, m + j, sizeof mj);
            interact(xj, yj, zj, mj, xi, yi, zi, epsilon2, &sx, &sy, &sz);
        }
        if (whole < n) {
            const long rest = n - whole;
            interact(load_lanes(x + whole, rest), load_lanes(y + whole, rest), load_lanes(z + whole, rest),
                     load_lanes(m + whole, rest), xi, yi, zi, epsilon2, &sx, &sy, &sz);
        }
        double tx = 0, ty = 0, tz = 0;
        for (int lane = 0; lane < 8; lane++) tx += sx[lane], ty += sy[lane], tz += sz[lane];
        ax[i] = g * tx;
        ay[i] = g * ty;
        az[i] = g * tz;
    }
}
#else
/* Accelerations of bodies [first, first + count) from all n bodies at (x, y, z) with masses m. */
static void accelerations(long n, const double *restrict x, const double *restrict y, const double *restrict z,
                          const double *restrict m, long first, long count, double epsilon2, double g,
                          double *restrict ax, double *restrict ay, double *restrict az) {
    for (long i = 0; i < count; i++) {
        const double xi = x[first + i], yi = y[first + i], zi = z[first + i];
        double sx = 0, sy = 0, sz = 0;
#pragma omp simd reduction(+ : sx, sy, sz)
        for (long j = 0; j < n; j++) {
            const double dx = x[j] - xi, dy = y[j] - yi, dz = z[j] - zi;
            const double r2 = dx * dx + dy * dy + dz * dz + epsilon2;
            const double inverse = 1.0 / sqrt(r2);
            /* Coincident bodies (the body itself when epsilon is 0) attract with no force. */
            const double s = r2 > 0 ? m[j] * inverse * inverse * inverse : 0.0;
            sx += dx * s;
            sy += dy * s;
            sz += dz * s;
        }
        ax[i] = g * sx;
        ay[i] = g * sy;
        az[i] = g * sz;
    }
}
#endif

/* Total energy, kinetic plus softened potential, of all bodies (every rank holds them all here). */
static double energy(long n, const double *x, const double *y, const double *z, const double *m,
                     const double *vx, const double *vy, const double *vz, double epsilon2, double g) {
    double kinetic = 0, potential = 0;
    for (long i = 0; i < n; i++) {
        kinetic += 0.5 * m[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
        for (long j = i + 1; j < n; j++) {
            const double dx = x[j] - x[i], dy = y[j] - y[i], dz = z[j] - z[i];
            potential -= g * m[i] * m[j] / sqrt(dx * dx + dy * dy + dz * dz + epsilon2);
        }
    }
    return kinetic + potential;
}

int main(int argc, char **argv) {
    int rank, size;
    bench_init(&argc, &argv, &rank, &size);

    const char *path = NULL;
    long steps = 10;
    double dt = 1e-3, epsilon = 0.01, g = 1;
    for (int a = 1; a + 1 < argc; a += 2) {
        if (!strcmp(argv[a], "--ic")) path = argv[a + 1];
        else if (!strcmp(argv[a], "--steps")) steps = (long)number("--steps", argv[a + 1]);
        else if (!strcmp(argv[a], "--dt")) dt = number("--dt", argv[a + 1]);
        else if (!strcmp(argv[a], "--softening")) epsilon = number("--softening", argv[a + 1]);
        else if (!strcmp(argv[a], "--G")) g = number("--G", argv[a + 1]);
        else {
            if (rank == 0) fprintf(stderr, "nbody-c: unknown option %s\n", argv[a]);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
    }
    if (!path) {
        if (rank == 0) fprintf(stderr, "usage: nbody-c --ic FILE.csv [--steps S] [--dt DT] [--softening E] [--G G]\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }

    double *state = NULL;
    long n = rank == 0 ? read_bodies(path, &state) : 0;
    MPI_Bcast(&n, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    if (n < size) {
        if (rank == 0 && n >= 0) fprintf(stderr, "nbody-c: %ld bodies for %d ranks\n", n, size);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    if (rank != 0) state = malloc(sizeof(double) * 7 * n);
    MPI_Bcast(state, (int)(7 * n), MPI_DOUBLE, 0, MPI_COMM_WORLD);

    /* Blocks: the remainder goes one body each to the first ranks, as in the Swift program. */
    int *counts = malloc(sizeof(int) * size), *starts = malloc(sizeof(int) * size);
    for (int r = 0, next = 0; r < size; r++) {
        counts[r] = (int)(n / size + (r < n % size));
        starts[r] = next;
        next += counts[r];
    }
    const long first = starts[rank], count = counts[rank];

    double *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n), *z = malloc(sizeof(double) * n);
    double *m = malloc(sizeof(double) * n);
    double *vx = malloc(sizeof(double) * n), *vy = malloc(sizeof(double) * n), *vz = malloc(sizeof(double) * n);
    double *ax = malloc(sizeof(double) * count), *ay = malloc(sizeof(double) * count);
    double *az = malloc(sizeof(double) * count);
    for (long i = 0; i < n; i++) {
        m[i] = state[7 * i];
        x[i] = state[7 * i + 1], y[i] = state[7 * i + 2], z[i] = state[7 * i + 3];
        vx[i] = state[7 * i + 4], vy[i] = state[7 * i + 5], vz[i] = state[7 * i + 6];
    }
    free(state);

    const double epsilon2 = epsilon * epsilon;
    const double initial = energy(n, x, y, z, m, vx, vy, vz, epsilon2, g);
    accelerations(n, x, y, z, m, first, count, epsilon2, g, ax, ay, az);

    MPI_Barrier(MPI_COMM_WORLD);
    const double start = MPI_Wtime(), processor_start = processor_seconds();
    for (long step = 0; step < steps; step++) {
        for (long i = 0; i < count; i++) {
            const long b = first + i;
            vx[b] += 0.5 * dt * ax[i], vy[b] += 0.5 * dt * ay[i], vz[b] += 0.5 * dt * az[i];
            x[b] += dt * vx[b], y[b] += dt * vy[b], z[b] += dt * vz[b];
        }
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, x, counts, starts, MPI_DOUBLE, MPI_COMM_WORLD);
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, y, counts, starts, MPI_DOUBLE, MPI_COMM_WORLD);
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, z, counts, starts, MPI_DOUBLE, MPI_COMM_WORLD);
        accelerations(n, x, y, z, m, first, count, epsilon2, g, ax, ay, az);
        for (long i = 0; i < count; i++) {
            const long b = first + i;
            vx[b] += 0.5 * dt * ax[i], vy[b] += 0.5 * dt * ay[i], vz[b] += 0.5 * dt * az[i];
        }
    }
    const double seconds = MPI_Wtime() - start, processor = processor_seconds() - processor_start;

    /* The energy check needs every velocity on every rank; positions are already everywhere. */
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, vx, counts, starts, MPI_DOUBLE, MPI_COMM_WORLD);
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, vy, counts, starts, MPI_DOUBLE, MPI_COMM_WORLD);
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, vz, counts, starts, MPI_DOUBLE, MPI_COMM_WORLD);
    double slowest, processor_total;
    MPI_Reduce(&seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    MPI_Reduce(&processor, &processor_total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        const double final = energy(n, x, y, z, m, vx, vy, vz, epsilon2, g);
        const double interactions = (double)n * (double)n * (double)steps;
        printf("result ranks %d bodies %ld steps %ld seconds %.6f interactions_per_second %.6e "
               "interactions_per_processor_second %.6e relative_energy_error %.3e\n",
               size, n, steps, slowest, interactions / slowest, interactions / processor_total,
               fabs((final - initial) / initial));
    }

    free(x), free(y), free(z), free(m), free(vx), free(vy), free(vz), free(ax), free(ay), free(az);
    free(counts), free(starts);
    MPI_Finalize();
    return 0;
}
