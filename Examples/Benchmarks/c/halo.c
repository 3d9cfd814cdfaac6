/*
 * halo: the C reference for bench-halo.
 *
 *   mpicc -O3 -march=native -o halo-c halo.c
 *   mpirun -n 2 --bind-to core ./halo-c [--iterations-scale S]
 *
 * A 4096 × 4096 array of doubles split in blocks over a grid of processes, each block stored with one
 * layer of ghost cells: (rows + 2) × (cols + 2) doubles, row-major, so at 2 ranks on a 2 × 1 grid every
 * row is 4098 doubles wide. Prints one line per figure, the format Examples/Benchmarks/compare-halo.sh
 * reads:
 *
 *   <work> <grid> <microseconds>
 *
 *   exchange  PxQ  one halo exchange for a 5-point stencil (faces only, ghost width 1, open edges), the
 *                  way a C programmer writes it: per axis, two MPI_Sendrecv (towards the lower neighbour,
 *                  then towards the upper one), rows sent in place as contiguous doubles, columns with an
 *                  MPI_Type_vector(rows, 1, cols + 2, MPI_DOUBLE); MPI_PROC_NULL past the edges
 *   exchange-isend  PxQ  the same messages started at once instead: MPI_Irecv and MPI_Isend to every
 *                  neighbour, then one MPI_Waitall (what DomainDecomposition's persistent requests do)
 *   sweep     PxQ  one 5-point Jacobi sweep v = (u[N] + u[S] + u[W] + u[E]) / 4 over the owned block
 *
 * on two grids: MPI_Dims_create's choice (2x1 at 2 ranks: blocks of rows, rows exchanged) and 1xP
 * (blocks of columns, columns exchanged). The block partition is DomainDecomposition's (the remainder
 * one each to the first blocks), and the memory plain malloc, as in a typical C code.
 *
 * Each figure is measured in BENCH_BLOCKS blocks of `iterations` after a tenth as many untimed ones, with a
 * barrier before each block. A block's time is the slowest rank's; the figure is the median over blocks
 * of block time / iterations. After the timing, every ghost cell next to a neighbour is checked. All of
 * this has a twin in Examples/Benchmarks/bench-halo/main.swift: change both or neither. What the
 * references share is in bench.h.
 */
#include "bench.h"

enum { N = 4096 };

typedef struct {
    MPI_Comm comm;
    int dims[2], coords[2];
    int rows, cols, stride;        /* owned rows and columns; stride = cols + 2 */
    int row0, col0;                /* global index of the first owned cell */
    int up, down, left, right;     /* neighbours, MPI_PROC_NULL past an edge */
    MPI_Datatype column;
    double *u, *v;
} Block;

/* DomainDecomposition's BlockPartition: part p owns count / parts items, plus one when p < count % parts. */
static int part_size(int count, int parts, int p) { return count / parts + (p < count % parts ? 1 : 0); }
static int part_start(int count, int parts, int p) { return p * (count / parts) + (p < count % parts ? p : count % parts); }

static void make_block(Block *b, const int dims[2]) {
    int size, periods[2] = {0, 0};
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    b->dims[0] = dims[0];
    b->dims[1] = dims[1];
    MPI_Dims_create(size, 2, b->dims);
    MPI_Cart_create(MPI_COMM_WORLD, 2, b->dims, periods, 0, &b->comm);
    int rank;
    MPI_Comm_rank(b->comm, &rank);
    MPI_Cart_coords(b->comm, rank, 2, b->coords);
    MPI_Cart_shift(b->comm, 0, 1, &b->up, &b->down);
    MPI_Cart_shift(b->comm, 1, 1, &b->left, &b->right);
    b->rows = part_size(N, b->dims[0], b->coords[0]);
    b->cols = part_size(N, b->dims[1], b->coords[1]);
    b->row0 = part_start(N, b->dims[0], b->coords[0]);
    b->col0 = part_start(N, b->dims[1], b->coords[1]);
    b->stride = b->cols + 2;
    MPI_Type_vector(b->rows, 1, b->stride, MPI_DOUBLE, &b->column);
    MPI_Type_commit(&b->column);
    long cells = (long)(b->rows + 2) * b->stride;
    b->u = bench_allocate_doubles("halo-c", cells);
    b->v = bench_allocate_doubles("halo-c", cells);
    /* Owned cells hold their global index, ghosts -1. */
    for (long i = 0; i < cells; i++) b->u[i] = b->v[i] = -1;
    for (int i = 1; i <= b->rows; i++)
        for (int j = 1; j <= b->cols; j++)
            b->u[(long)i * b->stride + j] = (double)((long)(b->row0 + i - 1) * N + b->col0 + j - 1);
}

static void free_block(Block *b) {
    MPI_Type_free(&b->column);
    MPI_Comm_free(&b->comm);
    free(b->u);
    free(b->v);
}

NOINLINE static void exchange(Block *b) {
    double *u = b->u;
    long s = b->stride;
    int rows = b->rows, cols = b->cols;
    /* Axis 0: the first owned row up, the last owned row down, each received into the opposite ghost row. */
    MPI_Sendrecv(&u[1 * s + 1], cols, MPI_DOUBLE, b->up, 0, &u[(rows + 1) * s + 1], cols, MPI_DOUBLE, b->down, 0,
                 b->comm, MPI_STATUS_IGNORE);
    MPI_Sendrecv(&u[rows * s + 1], cols, MPI_DOUBLE, b->down, 1, &u[0 * s + 1], cols, MPI_DOUBLE, b->up, 1,
                 b->comm, MPI_STATUS_IGNORE);
    /* Axis 1: the first owned column left, the last owned column right. */
    MPI_Sendrecv(&u[1 * s + 1], 1, b->column, b->left, 2, &u[1 * s + cols + 1], 1, b->column, b->right, 2,
                 b->comm, MPI_STATUS_IGNORE);
    MPI_Sendrecv(&u[1 * s + cols], 1, b->column, b->right, 3, &u[1 * s + 0], 1, b->column, b->left, 3,
                 b->comm, MPI_STATUS_IGNORE);
}

NOINLINE static void exchange_isend(Block *b) {
    double *u = b->u;
    long s = b->stride;
    int rows = b->rows, cols = b->cols, n = 0;
    MPI_Request requests[8];
    MPI_Irecv(&u[0 * s + 1], cols, MPI_DOUBLE, b->up, 1, b->comm, &requests[n++]);
    MPI_Irecv(&u[(rows + 1) * s + 1], cols, MPI_DOUBLE, b->down, 0, b->comm, &requests[n++]);
    MPI_Irecv(&u[1 * s + 0], 1, b->column, b->left, 3, b->comm, &requests[n++]);
    MPI_Irecv(&u[1 * s + cols + 1], 1, b->column, b->right, 2, b->comm, &requests[n++]);
    MPI_Isend(&u[1 * s + 1], cols, MPI_DOUBLE, b->up, 0, b->comm, &requests[n++]);
    MPI_Isend(&u[rows * s + 1], cols, MPI_DOUBLE, b->down, 1, b->comm, &requests[n++]);
    MPI_Isend(&u[1 * s + 1], 1, b->column, b->left, 2, b->comm, &requests[n++]);
    MPI_Isend(&u[1 * s + cols], 1, b->column, b->right, 3, b->comm, &requests[n++]);
    MPI_Waitall(n, requests, MPI_STATUSES_IGNORE);
}

NOINLINE static void sweep(const double *restrict u, double *restrict v, int rows, int cols, long s) {
    for (int i = 1; i <= rows; i++)
        for (int j = 1; j <= cols; j++)
            v[i * s + j] = 0.25 * (u[(i - 1) * s + j] + u[(i + 1) * s + j] + u[i * s + j - 1] + u[i * s + j + 1]);
}

/* Rank 0 prints the median over blocks of the slowest rank's block time, per iteration. */
static void report(const char *work, const Block *b, const double *times, long iterations) {
    double median;
    if (!bench_median_of_slowest(times, &median)) return;
    printf("%s %dx%d %.3f\n", work, b->dims[0], b->dims[1], median * 1e6 / (double)iterations);
    fflush(stdout);
}

/* Every ghost next to a neighbour holds the neighbour's cell: its global index. */
static void check(const Block *b) {
    const double *u = b->u;
    long s = b->stride;
    long bad = 0;
    for (int j = 1; j <= b->cols; j++) {
        long column = b->col0 + j - 1;
        if (b->up != MPI_PROC_NULL && u[j] != (double)((long)(b->row0 - 1) * N + column)) bad++;
        if (b->down != MPI_PROC_NULL && u[(b->rows + 1) * s + j] != (double)((long)(b->row0 + b->rows) * N + column)) bad++;
    }
    for (int i = 1; i <= b->rows; i++) {
        long row = (long)(b->row0 + i - 1) * N;
        if (b->left != MPI_PROC_NULL && u[i * s] != (double)(row + b->col0 - 1)) bad++;
        if (b->right != MPI_PROC_NULL && u[i * s + b->cols + 1] != (double)(row + b->col0 + b->cols)) bad++;
    }
    if (bad) {
        fprintf(stderr, "halo-c: %ld ghost cells hold wrong values\n", bad);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
}

NOINLINE static void time_exchange(void (*exchange)(Block *), Block *b, long iterations, double *times) {
    for (long i = 0; i < bench_warmups(iterations); i++) exchange(b);
    for (int block = 0; block < BENCH_BLOCKS; block++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        for (long i = 0; i < iterations; i++) exchange(b);
        times[block] = MPI_Wtime() - start;
    }
    check(b);
}

NOINLINE static void time_sweep(Block *b, long iterations, double *times) {
    for (long i = 0; i < bench_warmups(iterations); i++) sweep(b->u, b->v, b->rows, b->cols, b->stride);
    for (int block = 0; block < BENCH_BLOCKS; block++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        for (long i = 0; i < iterations; i++) {
            /* Back and forth between the two arrays, as a time loop does. */
            if (i % 2 == 0) sweep(b->u, b->v, b->rows, b->cols, b->stride);
            else sweep(b->v, b->u, b->rows, b->cols, b->stride);
        }
        times[block] = MPI_Wtime() - start;
    }
}

int main(int argc, char **argv) {
    int rank, size;
    const double scale = bench_start(&argc, &argv, "halo-c", &rank, &size);

    double times[BENCH_BLOCKS];
    const int grids[2][2] = {{0, 0}, {1, size}};
    for (int g = 0; g < 2; g++) {
        Block b;
        make_block(&b, grids[g]);
        long iterations = bench_scaled(1000, scale);
        time_exchange(exchange, &b, iterations, times);
        report("exchange", &b, times, iterations);
        time_exchange(exchange_isend, &b, iterations, times);
        report("exchange-isend", &b, times, iterations);
        if (g == 0) {
            iterations = bench_scaled(6, scale);
            time_sweep(&b, iterations, times);
            report("sweep", &b, times, iterations);
        }
        free_block(&b);
    }
    MPI_Finalize();
    return 0;
}
