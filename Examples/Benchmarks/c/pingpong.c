/*
 * pingpong: the C reference for bench-p2p, in the manner of the OSU micro-benchmarks.
 *
 *   mpicc -O3 -march=native -o pingpong-c pingpong.c
 *   mpirun -n 2 --bind-to core ./pingpong-c [--iterations-scale S] [--sizes MIN:MAX]
 *
 * Prints one line per figure, the format Examples/Benchmarks/compare-p2p.sh reads:
 *
 *   latency <bytes> <microseconds>     half a round trip of MPI_Send / MPI_Recv (osu_latency)
 *   bandwidth <bytes> <MBps>           windows of 64 MPI_Isend + MPI_Waitall, 10^6 bytes/s (osu_bw)
 *
 * Everything here has a twin in Examples/Benchmarks/bench-p2p/main.swift: the same sizes, iteration
 * counts, warm-ups, tags, buffers and timer. Change both or neither, or the ratios stop meaning anything.
 * What the references share (iteration scale, warm-ups, argument errors, allocation) is in bench.h.
 * Messages are MPI_CHAR here and MPI_UINT8_T there (Swift's UInt8): both predefined contiguous 1-byte
 * types, which take the same path through Open MPI (callgrind counts the same instructions in it).
 */
#include "bench.h"

enum {
    WINDOW = 64,            /* messages in flight per bandwidth iteration, as in osu_bw */
    LARGE = 8192,           /* above this size the iteration counts shrink with the size */
    LATENCY_TAG = 1,
    BANDWIDTH_TAG = 2,
    ACK_TAG = 3,
    ACK_BYTES = 4,
};

static const long MAX_SIZE_LIMIT = 1L << 22; /* 4 MiB */

/* Iterations shrink as 1/size above LARGE so every size moves about the same number of bytes, with a
 * floor so the largest sizes still average over enough repetitions. */
static long iteration_count(long base, long floor, long size, double scale) {
    long count = size <= LARGE ? base : base * LARGE / size;
    return bench_scaled(count < floor ? floor : count, scale);
}

static long latency_iterations(long size, double scale) { return iteration_count(10000, 100, size, scale); }
static long bandwidth_iterations(long size, double scale) { return iteration_count(100, 20, size, scale); }

/* The sizes 0, 1, 2, 4, …: zero, then powers of two. */
static long next_size(long size) { return size == 0 ? 1 : size * 2; }

static int is_size(long value) { return value == 0 || (value > 0 && (value & (value - 1)) == 0); }

/* Page-aligned buffers, the same call in the Swift benchmark. Deliberately no madvise(MADV_HUGEPAGE):
 * neither side gets huge pages (see the guide, section 3). */
static char *allocate(long bytes, int fill) {
    size_t size = bytes > 0 ? (size_t)bytes : 1;
    char *memory = bench_allocate_aligned("pingpong-c", size, 4096);
    memset(memory, fill, size);
    return memory;
}

NOINLINE static void latency(int rank, long size, long iterations, char *send, char *receive) {
    long warmup = bench_warmups(iterations);
    int count = (int)size;
    double start = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    for (long i = 0; i < warmup + iterations; i++) {
        if (i == warmup) start = MPI_Wtime();
        if (rank == 0) {
            MPI_Send(send, count, MPI_CHAR, 1, LATENCY_TAG, MPI_COMM_WORLD);
            MPI_Recv(receive, count, MPI_CHAR, 1, LATENCY_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(receive, count, MPI_CHAR, 0, LATENCY_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(send, count, MPI_CHAR, 0, LATENCY_TAG, MPI_COMM_WORLD);
        }
    }
    double elapsed = MPI_Wtime() - start;
    if (rank == 0) printf("latency %ld %.3f\n", size, elapsed * 1e6 / (2.0 * (double)iterations));
}

/* Every message of a window goes into the same receive buffer, as in osu_bw: the data is never read. */
NOINLINE static void bandwidth(int rank, long size, long iterations, char *send, char *receive) {
    long warmup = bench_warmups(iterations);
    int count = (int)size;
    MPI_Request requests[WINDOW];
    double start = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    for (long i = 0; i < warmup + iterations; i++) {
        if (i == warmup) start = MPI_Wtime();
        if (rank == 0) {
            for (int j = 0; j < WINDOW; j++)
                MPI_Isend(send, count, MPI_CHAR, 1, BANDWIDTH_TAG, MPI_COMM_WORLD, &requests[j]);
            MPI_Waitall(WINDOW, requests, MPI_STATUSES_IGNORE);
            MPI_Recv(receive, ACK_BYTES, MPI_CHAR, 1, ACK_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            for (int j = 0; j < WINDOW; j++)
                MPI_Irecv(receive, count, MPI_CHAR, 0, BANDWIDTH_TAG, MPI_COMM_WORLD, &requests[j]);
            MPI_Waitall(WINDOW, requests, MPI_STATUSES_IGNORE);
            MPI_Send(send, ACK_BYTES, MPI_CHAR, 0, ACK_TAG, MPI_COMM_WORLD);
        }
    }
    double elapsed = MPI_Wtime() - start;
    if (rank == 0) {
        double bytes = (double)size * WINDOW * (double)iterations;
        printf("bandwidth %ld %.2f\n", size, bytes / elapsed / 1e6);
    }
}

/* Parses the command line; on error returns a one-line message, otherwise NULL. */
static const char *parse(int argc, char **argv, double *scale, long *min_size, long *max_size) {
    static char message[256];
    for (int i = 1; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(argv[i], "--iterations-scale") == 0) {
            const char *error = bench_parse_scale(value, scale);
            if (error) return error;
            i++;
        } else if (strcmp(argv[i], "--sizes") == 0) {
            if (!value) return "--sizes needs a value MIN:MAX";
            errno = 0;
            *min_size = strtol(value, &end, 10);
            int ok = !errno && end != value && *end == ':';
            if (ok) {
                const char *second = end + 1;
                *max_size = strtol(second, &end, 10);
                ok = !errno && end != second && !*end;
            }
            if (!ok || !is_size(*min_size) || !is_size(*max_size) || *min_size > *max_size
                || *max_size > MAX_SIZE_LIMIT) {
                snprintf(message, sizeof message,
                         "--sizes must be MIN:MAX, each 0 or a power of two up to %ld, MIN <= MAX; got '%s'",
                         MAX_SIZE_LIMIT, value);
                return message;
            }
            i++;
        } else {
            return bench_unknown_argument(argv[i], "pingpong-c [--iterations-scale S] [--sizes MIN:MAX]");
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    int rank, size;
    bench_init(&argc, &argv, &rank, &size);

    double scale = 1;
    long min_size = 0, max_size = MAX_SIZE_LIMIT;
    const char *error = parse(argc, argv, &scale, &min_size, &max_size);
    char size_error[128];
    if (!error && size != 2) {
        snprintf(size_error, sizeof size_error, "needs exactly 2 processes, got %d (mpirun -n 2 …)", size);
        error = size_error;
    }
    if (error) bench_refuse(rank, "pingpong-c", error);

    char *send = allocate(max_size, 'a');
    char *receive = allocate(max_size, 'b');
    for (long bytes = min_size; bytes <= max_size; bytes = next_size(bytes))
        latency(rank, bytes, latency_iterations(bytes, scale), send, receive);
    /* A bandwidth of zero-byte messages measures nothing; osu_bw starts at 1 too. */
    for (long bytes = min_size > 0 ? min_size : 1; bytes <= max_size; bytes *= 2)
        bandwidth(rank, bytes, bandwidth_iterations(bytes, scale), send, receive);
    free(send);
    free(receive);
    MPI_Finalize();
    return 0;
}
