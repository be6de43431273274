/*
 * fake_cuda.c - a stand-in for libcuda.so, for testing the CUDA backend on machines without an NVIDIA GPU.
 *
 * It exports the driver entry points the backend binds (the _v2 names where cuda.h maps to them, and NOT the legacy
 * unversioned ones, so a binding by the wrong name fails to register) and emulates them on the host:
 *  - device memory is host memory (posix_memalign), bounded by a configurable total; OUT_OF_MEMORY beyond it;
 *  - each stream is a host thread running its operations in order, asynchronously to the caller, so cuEventQuery
 *    really answers NOT_READY while work runs; events capture their latest record like CUDA events, and
 *    cuStreamWaitEvent waits for the record current at the time of the call;
 *  - the two harness kernels (harness_verify, harness_spin) are emulated by name after checking the PTX image
 *    contains their .entry, with their arguments read through kernelParams exactly as the driver would;
 *  - every call except initialisation requires the calling thread to have made the primary context current
 *    (CUDA_ERROR_INVALID_CONTEXT otherwise, and a counted error), memory operations must stay inside live
 *    allocations, asynchronous copies must target pinned host memory, streams must be non-blocking.
 * Misuse is counted and described (fake_cuda_count("errors"), fake_cuda_last_error()); tests assert zero.
 * Faults can be injected per entry point (fake_cuda_fail_next).
 *
 * Build: gcc -shared -fPIC -O2 -pthread -o libfakecuda.so fake_cuda.c   (the tests do this into target/).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int CUresult;
enum {
    OK = 0, E_INVALID_VALUE = 1, E_OOM = 2, E_NOT_INITIALIZED = 3, E_NO_DEVICE = 100, E_INVALID_DEVICE = 101,
    E_INVALID_IMAGE = 200, E_INVALID_CONTEXT = 201, E_INVALID_HANDLE = 400, E_NOT_FOUND = 500, E_NOT_READY = 600,
    E_LAUNCH_FAILED = 719, E_UNKNOWN = 999
};

static pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int initialized;
static long long total_mem = 8LL << 30;
static long long used_mem;
static int ctx_refs;
static char primary_ctx; /* its address is the CUcontext handle */
static __thread void *current_ctx;

static long c_streams, c_events, c_allocs, c_host, c_modules, c_errors, c_ctx_errors, c_blocking, c_launches;
static char last_error[512];

/* ------------------------------------------------------------------------------------------------ diagnostics */

static void error_locked(const char *fmt, const char *a, long long b) {
    c_errors++;
    snprintf(last_error, sizeof last_error, fmt, a, b);
    fprintf(stderr, "fake_cuda: %s\n", last_error);
}

static void error(const char *fmt, const char *a, long long b) {
    pthread_mutex_lock(&g);
    error_locked(fmt, a, b);
    pthread_mutex_unlock(&g);
}

struct fault { char call[64]; int rc; int count; };
static struct fault faults[8];

static int injected(const char *call) {
    int rc = 0;
    pthread_mutex_lock(&g);
    for (int i = 0; i < 8; i++) {
        if (faults[i].count > 0 && strcmp(faults[i].call, call) == 0) {
            faults[i].count--;
            rc = faults[i].rc;
            break;
        }
    }
    pthread_mutex_unlock(&g);
    return rc;
}

#define FAULT(name) do { int f_ = injected(name); if (f_) return f_; } while (0)

static int need_ctx(const char *call) {
    if (!initialized) {
        error("%s before cuInit%.0lld", call, 0);
        return E_NOT_INITIALIZED;
    }
    if (current_ctx != &primary_ctx || ctx_refs <= 0) {
        pthread_mutex_lock(&g);
        c_ctx_errors++;
        error_locked("%s on a thread without a current context (call cuCtxSetCurrent first)%.0lld", call, 0);
        pthread_mutex_unlock(&g);
        return E_INVALID_CONTEXT;
    }
    return OK;
}

#define CTX(name) do { int c_ = need_ctx(name); if (c_) return c_; } while (0)

/* ------------------------------------------------------------------------------------------------ allocations */

struct alloc { char *p; size_t n; int host; struct alloc *next; };
static struct alloc *allocs;

static struct alloc *find_alloc_locked(uintptr_t p, size_t n, int host) {
    for (struct alloc *a = allocs; a; a = a->next) {
        if (a->host == host && p >= (uintptr_t) a->p && p + n <= (uintptr_t) a->p + a->n) {
            return a;
        }
    }
    return NULL;
}

static int inside(uintptr_t p, size_t n, int host) {
    pthread_mutex_lock(&g);
    int ok = find_alloc_locked(p, n, host) != NULL;
    pthread_mutex_unlock(&g);
    return ok;
}

/* ------------------------------------------------------------------------------------------------ streams, events */

struct rec { int done; int refs; };
struct event { struct rec *latest; };
enum { OP_MEMSET, OP_COPY, OP_VERIFY, OP_SPIN, OP_RECORD, OP_WAIT };
struct op {
    int kind;
    char *dst;
    const char *src;
    size_t n;
    unsigned char value;
    uint64_t *result;
    uint64_t nanos;
    struct rec *rec;
    struct op *next;
};
struct stream {
    struct op *head, *tail;
    int busy;
    int destroyed;
    pthread_t thread;
};
static int active_streams; /* streams whose thread still runs */
static struct stream *all_streams[4096]; /* streams whose thread still runs (destroyed ones until drained) */
static int n_all_streams;

static void unref_locked(struct rec *r) {
    if (r && --r->refs == 0) {
        free(r);
    }
}

static void spin_ns(uint64_t ns) {
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while ((uint64_t) (t.tv_sec - t0.tv_sec) * 1000000000ull + (uint64_t) (t.tv_nsec - t0.tv_nsec) < ns);
}

static void run_verify(struct op *o) {
    uint64_t bad = 0, first = 0;
    const unsigned char *b = (const unsigned char *) o->src;
    for (size_t i = 0; i < o->n; i++) {
        if (b[i] != o->value) {
            bad++;
            uint64_t key = ~(((uint64_t) i << 8) | b[i]);
            if (key > first) {
                first = key;
            }
        }
    }
    if (bad) {
        __atomic_fetch_add(&o->result[0], bad, __ATOMIC_SEQ_CST);
        uint64_t cur = __atomic_load_n(&o->result[1], __ATOMIC_SEQ_CST);
        while (first > cur && !__atomic_compare_exchange_n(&o->result[1], &cur, first, 0, __ATOMIC_SEQ_CST,
                                                          __ATOMIC_SEQ_CST)) {
        }
    }
}

static void *stream_main(void *arg) {
    struct stream *s = arg;
    pthread_mutex_lock(&g);
    for (;;) {
        while (!s->head && !s->destroyed) {
            pthread_cond_wait(&changed, &g);
        }
        if (!s->head) {
            break;
        }
        struct op *o = s->head;
        s->busy = 1;
        if (o->kind == OP_RECORD) {
            o->rec->done = 1;
            unref_locked(o->rec);
        } else if (o->kind == OP_WAIT) {
            struct timespec dl;
            clock_gettime(CLOCK_REALTIME, &dl);
            dl.tv_sec += 30;
            while (!o->rec->done) {
                if (pthread_cond_timedwait(&changed, &g, &dl) != 0) {
                    error_locked("stream waited 30 s for an event record that never completed%s%.0lld", "", 0);
                    break;
                }
            }
            unref_locked(o->rec);
        } else {
            pthread_mutex_unlock(&g);
            switch (o->kind) {
                case OP_MEMSET: memset(o->dst, o->value, o->n); break;
                case OP_COPY: memcpy(o->dst, o->src, o->n); break;
                case OP_VERIFY: run_verify(o); break;
                case OP_SPIN: spin_ns(o->nanos); break;
            }
            pthread_mutex_lock(&g);
        }
        s->head = o->next;
        if (!s->head) {
            s->tail = NULL;
        }
        s->busy = 0;
        free(o);
        pthread_cond_broadcast(&changed);
    }
    active_streams--;
    for (int i = 0; i < n_all_streams; i++) {
        if (all_streams[i] == s) {
            all_streams[i] = NULL;
        }
    }
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&g);
    free(s);
    return NULL;
}

static struct stream *live_stream(uintptr_t h, const char *call) {
    if (h == 0) {
        error("%s on the legacy NULL stream (the backend must use its own non-blocking streams)%.0lld", call, 0);
        return NULL;
    }
    return (struct stream *) h;
}

static void push(struct stream *s, struct op *o) {
    o->next = NULL;
    pthread_mutex_lock(&g);
    if (s->tail) {
        s->tail->next = o;
    } else {
        s->head = o;
    }
    s->tail = o;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&g);
}

static struct op *new_op(int kind) {
    struct op *o = calloc(1, sizeof *o);
    o->kind = kind;
    return o;
}

static void sync_all_locked(void) {
    for (;;) {
        /* a device-wide sync: every stream's queue empty, destroyed streams included until drained */
        int busy = 0;
        for (int i = 0; i < n_all_streams; i++) {
            if (all_streams[i] && (all_streams[i]->head || all_streams[i]->busy)) {
                busy = 1;
            }
        }
        if (!busy) {
            return;
        }
        pthread_cond_wait(&changed, &g);
    }
}

static void sync_all_locked(void);

/* ------------------------------------------------------------------------------------------------ init, devices */

CUresult cuInit(unsigned int flags) {
    FAULT("cuInit");
    if (flags != 0) {
        return E_INVALID_VALUE;
    }
    initialized = 1;
    return OK;
}

CUresult cuDriverGetVersion(int *v) {
    *v = 13000;
    return OK;
}

CUresult cuDeviceGet(int *dev, int ordinal) {
    FAULT("cuDeviceGet");
    if (ordinal != 0) {
        return E_INVALID_DEVICE;
    }
    *dev = 0;
    return OK;
}

CUresult cuDeviceGetName(char *name, int len, int dev) {
    if (dev != 0) {
        return E_INVALID_DEVICE;
    }
    snprintf(name, (size_t) len, "Fake CUDA device (test double)");
    return OK;
}

CUresult cuDeviceTotalMem_v2(size_t *bytes, int dev) {
    if (dev != 0) {
        return E_INVALID_DEVICE;
    }
    *bytes = (size_t) total_mem;
    return OK;
}

CUresult cuDevicePrimaryCtxRetain(void **ctx, int dev) {
    FAULT("cuDevicePrimaryCtxRetain");
    if (dev != 0) {
        return E_INVALID_DEVICE;
    }
    pthread_mutex_lock(&g);
    ctx_refs++;
    pthread_mutex_unlock(&g);
    *ctx = &primary_ctx;
    return OK;
}

CUresult cuDevicePrimaryCtxRelease_v2(int dev) {
    pthread_mutex_lock(&g);
    if (ctx_refs <= 0) {
        error_locked("cuDevicePrimaryCtxRelease_v2 without a retain%s%.0lld", "", 0);
        pthread_mutex_unlock(&g);
        return E_INVALID_CONTEXT;
    }
    ctx_refs--;
    pthread_mutex_unlock(&g);
    return OK;
}

CUresult cuCtxSetCurrent(void *ctx) {
    if (ctx != NULL && ctx != &primary_ctx) {
        error("cuCtxSetCurrent with an unknown context%s%.0lld", "", 0);
        return E_INVALID_CONTEXT;
    }
    current_ctx = ctx;
    return OK;
}

CUresult cuCtxSynchronize(void) {
    CTX("cuCtxSynchronize");
    pthread_mutex_lock(&g);
    sync_all_locked();
    pthread_mutex_unlock(&g);
    return OK;
}

CUresult cuGetErrorName(CUresult rc, const char **name) {
    switch (rc) {
        case OK: *name = "CUDA_SUCCESS"; return OK;
        case E_INVALID_VALUE: *name = "CUDA_ERROR_INVALID_VALUE"; return OK;
        case E_OOM: *name = "CUDA_ERROR_OUT_OF_MEMORY"; return OK;
        case E_NOT_INITIALIZED: *name = "CUDA_ERROR_NOT_INITIALIZED"; return OK;
        case E_NO_DEVICE: *name = "CUDA_ERROR_NO_DEVICE"; return OK;
        case E_INVALID_DEVICE: *name = "CUDA_ERROR_INVALID_DEVICE"; return OK;
        case E_INVALID_IMAGE: *name = "CUDA_ERROR_INVALID_IMAGE"; return OK;
        case E_INVALID_CONTEXT: *name = "CUDA_ERROR_INVALID_CONTEXT"; return OK;
        case E_INVALID_HANDLE: *name = "CUDA_ERROR_INVALID_HANDLE"; return OK;
        case E_NOT_FOUND: *name = "CUDA_ERROR_NOT_FOUND"; return OK;
        case E_NOT_READY: *name = "CUDA_ERROR_NOT_READY"; return OK;
        case E_LAUNCH_FAILED: *name = "CUDA_ERROR_LAUNCH_FAILED"; return OK;
        case E_UNKNOWN: *name = "CUDA_ERROR_UNKNOWN"; return OK;
        default: *name = NULL; return E_INVALID_VALUE;
    }
}

/* ------------------------------------------------------------------------------------------------ memory */

CUresult cuMemGetInfo_v2(size_t *free_b, size_t *total_b) {
    CTX("cuMemGetInfo_v2");
    pthread_mutex_lock(&g);
    *free_b = (size_t) (total_mem - used_mem);
    *total_b = (size_t) total_mem;
    pthread_mutex_unlock(&g);
    return OK;
}

static CUresult do_alloc(void **out, size_t n, int host) {
    if (n == 0) {
        return E_INVALID_VALUE;
    }
    pthread_mutex_lock(&g);
    if (!host && used_mem + (long long) n > total_mem) {
        pthread_mutex_unlock(&g);
        return E_OOM;
    }
    void *p = NULL;
    if (posix_memalign(&p, 512, n) != 0) {
        pthread_mutex_unlock(&g);
        return E_OOM;
    }
    struct alloc *a = malloc(sizeof *a);
    a->p = p;
    a->n = n;
    a->host = host;
    a->next = allocs;
    allocs = a;
    if (host) {
        c_host++;
    } else {
        c_allocs++;
        used_mem += (long long) n;
    }
    pthread_mutex_unlock(&g);
    *out = p;
    return OK;
}

static CUresult do_free(void *p, int host, const char *call) {
    pthread_mutex_lock(&g);
    if (!host) {
        sync_all_locked(); /* cuMemFree synchronizes the device */
    }
    for (struct alloc **pp = &allocs; *pp; pp = &(*pp)->next) {
        struct alloc *a = *pp;
        if (a->p == p && a->host == host) {
            *pp = a->next;
            if (host) {
                c_host--;
            } else {
                c_allocs--;
                used_mem -= (long long) a->n;
            }
            pthread_mutex_unlock(&g);
            free(a->p);
            free(a);
            return OK;
        }
    }
    error_locked("%s of a pointer that is not a live allocation (0x%llx)", call, (long long) (uintptr_t) p);
    pthread_mutex_unlock(&g);
    return E_INVALID_VALUE;
}

CUresult cuMemAlloc_v2(uint64_t *dptr, size_t n) {
    CTX("cuMemAlloc_v2");
    FAULT("cuMemAlloc_v2");
    void *p;
    CUresult rc = do_alloc(&p, n, 0);
    if (rc == OK) {
        *dptr = (uint64_t) (uintptr_t) p;
    }
    return rc;
}

CUresult cuMemFree_v2(uint64_t dptr) {
    CTX("cuMemFree_v2");
    return do_free((void *) (uintptr_t) dptr, 0, "cuMemFree_v2");
}

CUresult cuMemAllocHost_v2(void **pp, size_t n) {
    CTX("cuMemAllocHost_v2");
    FAULT("cuMemAllocHost_v2");
    return do_alloc(pp, n, 1);
}

CUresult cuMemFreeHost(void *p) {
    CTX("cuMemFreeHost");
    return do_free(p, 1, "cuMemFreeHost");
}

CUresult cuMemcpyHtoD_v2(uint64_t dst, const void *src, size_t n) {
    CTX("cuMemcpyHtoD_v2");
    if (!inside(dst, n, 0)) {
        error("cuMemcpyHtoD_v2 outside device memory%s (%lld bytes)", "", (long long) n);
        return E_INVALID_VALUE;
    }
    memcpy((void *) (uintptr_t) dst, src, n);
    return OK;
}

CUresult cuMemcpyDtoH_v2(void *dst, uint64_t src, size_t n) {
    CTX("cuMemcpyDtoH_v2");
    if (!inside(src, n, 0)) {
        error("cuMemcpyDtoH_v2 outside device memory%s (%lld bytes)", "", (long long) n);
        return E_INVALID_VALUE;
    }
    memcpy(dst, (const void *) (uintptr_t) src, n);
    return OK;
}

CUresult cuMemcpyDtoHAsync_v2(void *dst, uint64_t src, size_t n, uintptr_t stream) {
    CTX("cuMemcpyDtoHAsync_v2");
    FAULT("cuMemcpyDtoHAsync_v2");
    struct stream *s = live_stream(stream, "cuMemcpyDtoHAsync_v2");
    if (!s) {
        return E_INVALID_HANDLE;
    }
    if (!inside(src, n, 0)) {
        error("cuMemcpyDtoHAsync_v2 source outside device memory%s (%lld bytes)", "", (long long) n);
        return E_INVALID_VALUE;
    }
    if (!inside((uintptr_t) dst, n, 1)) {
        error("cuMemcpyDtoHAsync_v2 into pageable memory%s (%lld bytes): use pinned host memory", "",
              (long long) n);
        return E_INVALID_VALUE;
    }
    struct op *o = new_op(OP_COPY);
    o->dst = dst;
    o->src = (const char *) (uintptr_t) src;
    o->n = n;
    push(s, o);
    return OK;
}

/* `value` is read as the whole register: an unsigned char argument must arrive zero-extended (clang-compiled callees
 * rely on it), so anything above 255 means the caller passed a sign-extended byte. */
CUresult cuMemsetD8Async(uint64_t dst, uint64_t value, size_t n, uintptr_t stream) {
    CTX("cuMemsetD8Async");
    FAULT("cuMemsetD8Async");
    if (value > 255) {
        error("cuMemsetD8Async value not zero-extended%s (0x%llx): pass the byte as an int in 0..255", "",
              (long long) value);
        return E_INVALID_VALUE;
    }
    struct stream *s = live_stream(stream, "cuMemsetD8Async");
    if (!s) {
        return E_INVALID_HANDLE;
    }
    if (!inside(dst, n, 0)) {
        error("cuMemsetD8Async outside device memory%s (%lld bytes)", "", (long long) n);
        return E_INVALID_VALUE;
    }
    struct op *o = new_op(OP_MEMSET);
    o->dst = (char *) (uintptr_t) dst;
    o->n = n;
    o->value = (unsigned char) value;
    push(s, o);
    return OK;
}

/* ------------------------------------------------------------------------------------------------ stream-ordered pool */
/* The device's default memory pool (cuMemAllocAsync / cuMemFreeAsync), emulated as plain allocations: what the tests
 * check is the calling protocol (context current, a real non-blocking stream, the release threshold set on the pool
 * the device reports, every block freed), not CUDA's caching. */

static char default_pool; /* its address is the CUmemoryPool handle */
static unsigned long long pool_threshold;
static long c_pool_allocs, c_pool_trims;

CUresult cuDeviceGetDefaultMemPool(uintptr_t *pool, int dev) {
    CTX("cuDeviceGetDefaultMemPool");
    if (dev != 0) {
        return E_INVALID_DEVICE;
    }
    *pool = (uintptr_t) &default_pool;
    return OK;
}

CUresult cuMemPoolSetAttribute(uintptr_t pool, int attr, void *value) {
    CTX("cuMemPoolSetAttribute");
    if (pool != (uintptr_t) &default_pool || value == NULL) {
        return E_INVALID_VALUE;
    }
    if (attr == 4) { /* CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, a cuuint64_t */
        pthread_mutex_lock(&g);
        pool_threshold = *(unsigned long long *) value;
        pthread_mutex_unlock(&g);
        return OK;
    }
    return E_INVALID_VALUE;
}

CUresult cuMemPoolGetAttribute(uintptr_t pool, int attr, void *value) {
    CTX("cuMemPoolGetAttribute");
    if (pool != (uintptr_t) &default_pool || value == NULL || attr != 4) {
        return E_INVALID_VALUE;
    }
    pthread_mutex_lock(&g);
    *(unsigned long long *) value = pool_threshold;
    pthread_mutex_unlock(&g);
    return OK;
}

CUresult cuMemPoolTrimTo(uintptr_t pool, size_t keep) {
    CTX("cuMemPoolTrimTo");
    if (pool != (uintptr_t) &default_pool) {
        return E_INVALID_VALUE;
    }
    pthread_mutex_lock(&g);
    c_pool_trims++;
    pthread_mutex_unlock(&g);
    return OK;
}

CUresult cuMemAllocAsync(uint64_t *dptr, size_t n, uintptr_t stream) {
    CTX("cuMemAllocAsync");
    FAULT("cuMemAllocAsync");
    if (!live_stream(stream, "cuMemAllocAsync")) {
        return E_INVALID_HANDLE;
    }
    void *p;
    CUresult rc = do_alloc(&p, n, 0);
    if (rc == OK) {
        *dptr = (uint64_t) (uintptr_t) p;
        pthread_mutex_lock(&g);
        c_pool_allocs++;
        pthread_mutex_unlock(&g);
    }
    return rc;
}

CUresult cuMemFreeAsync(uint64_t dptr, uintptr_t stream) {
    CTX("cuMemFreeAsync");
    if (!live_stream(stream, "cuMemFreeAsync")) {
        return E_INVALID_HANDLE;
    }
    /* stream-ordered: no device-wide synchronization, unlike cuMemFree */
    pthread_mutex_lock(&g);
    for (struct alloc **pp = &allocs; *pp; pp = &(*pp)->next) {
        struct alloc *a = *pp;
        if (a->p == (void *) (uintptr_t) dptr && !a->host) {
            *pp = a->next;
            c_allocs--;
            c_pool_allocs--;
            used_mem -= (long long) a->n;
            pthread_mutex_unlock(&g);
            free(a->p);
            free(a);
            return OK;
        }
    }
    error_locked("%s of a pointer that is not a live allocation (0x%llx)", "cuMemFreeAsync", (long long) dptr);
    pthread_mutex_unlock(&g);
    return E_INVALID_VALUE;
}

/* ------------------------------------------------------------------------------------------------ streams, events */

CUresult cuStreamCreate(uintptr_t *out, unsigned int flags) {
    CTX("cuStreamCreate");
    FAULT("cuStreamCreate");
    if (flags > 1) {
        return E_INVALID_VALUE;
    }
    struct stream *s = calloc(1, sizeof *s);
    pthread_mutex_lock(&g);
    if (flags != 1) {
        c_blocking++;
    }
    c_streams++;
    active_streams++;
    int slot = -1;
    for (int i = 0; i < n_all_streams; i++) {
        if (!all_streams[i]) {
            slot = i;
            break;
        }
    }
    if (slot < 0 && n_all_streams < 4096) {
        slot = n_all_streams++;
    }
    if (slot >= 0) {
        all_streams[slot] = s;
    }
    pthread_mutex_unlock(&g);
    pthread_create(&s->thread, NULL, stream_main, s);
    pthread_detach(s->thread);
    *out = (uintptr_t) s;
    return OK;
}

CUresult cuStreamDestroy_v2(uintptr_t h) {
    CTX("cuStreamDestroy_v2");
    struct stream *s = live_stream(h, "cuStreamDestroy_v2");
    if (!s) {
        return E_INVALID_HANDLE;
    }
    pthread_mutex_lock(&g);
    /* like CUDA: returns at once, the stream's pending work still runs, then its resources go */
    s->destroyed = 1;
    c_streams--;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&g);
    return OK;
}

CUresult cuStreamSynchronize(uintptr_t h) {
    CTX("cuStreamSynchronize");
    struct stream *s = live_stream(h, "cuStreamSynchronize");
    if (!s) {
        return E_INVALID_HANDLE;
    }
    pthread_mutex_lock(&g);
    while (s->head || s->busy) {
        pthread_cond_wait(&changed, &g);
    }
    pthread_mutex_unlock(&g);
    return OK;
}

CUresult cuEventCreate(uintptr_t *out, unsigned int flags) {
    CTX("cuEventCreate");
    FAULT("cuEventCreate");
    struct event *e = calloc(1, sizeof *e);
    pthread_mutex_lock(&g);
    c_events++;
    pthread_mutex_unlock(&g);
    *out = (uintptr_t) e;
    return OK;
}

CUresult cuEventDestroy_v2(uintptr_t h) {
    CTX("cuEventDestroy_v2");
    struct event *e = (struct event *) h;
    pthread_mutex_lock(&g);
    unref_locked(e->latest);
    c_events--;
    pthread_mutex_unlock(&g);
    free(e);
    return OK;
}

CUresult cuEventRecord(uintptr_t h, uintptr_t stream) {
    CTX("cuEventRecord");
    FAULT("cuEventRecord");
    struct stream *s = live_stream(stream, "cuEventRecord");
    if (!s) {
        return E_INVALID_HANDLE;
    }
    struct event *e = (struct event *) h;
    struct rec *r = calloc(1, sizeof *r);
    r->refs = 2; /* the event's latest record and the stream op */
    pthread_mutex_lock(&g);
    unref_locked(e->latest);
    e->latest = r;
    pthread_mutex_unlock(&g);
    struct op *o = new_op(OP_RECORD);
    o->rec = r;
    push(s, o);
    return OK;
}

CUresult cuEventQuery(uintptr_t h) {
    CTX("cuEventQuery");
    struct event *e = (struct event *) h;
    pthread_mutex_lock(&g);
    int ready = !e->latest || e->latest->done;
    pthread_mutex_unlock(&g);
    return ready ? OK : E_NOT_READY;
}

CUresult cuEventSynchronize(uintptr_t h) {
    CTX("cuEventSynchronize");
    struct event *e = (struct event *) h;
    pthread_mutex_lock(&g);
    struct rec *r = e->latest;
    if (r) {
        r->refs++;
        while (!r->done) {
            pthread_cond_wait(&changed, &g);
        }
        unref_locked(r);
    }
    pthread_mutex_unlock(&g);
    return OK;
}

CUresult cuStreamWaitEvent(uintptr_t stream, uintptr_t h, unsigned int flags) {
    CTX("cuStreamWaitEvent");
    FAULT("cuStreamWaitEvent");
    struct stream *s = live_stream(stream, "cuStreamWaitEvent");
    if (!s) {
        return E_INVALID_HANDLE;
    }
    struct event *e = (struct event *) h;
    pthread_mutex_lock(&g);
    struct rec *r = e->latest;
    if (!r || r->done) {
        pthread_mutex_unlock(&g);
        return OK;
    }
    r->refs++;
    pthread_mutex_unlock(&g);
    struct op *o = new_op(OP_WAIT);
    o->rec = r;
    push(s, o);
    return OK;
}

/* ------------------------------------------------------------------------------------------------ modules, kernels */

struct module { int has_verify, has_spin; };
struct function { int kind; };
static struct function verify_fn = {OP_VERIFY}, spin_fn = {OP_SPIN};

CUresult cuModuleLoadData(uintptr_t *out, const void *image) {
    CTX("cuModuleLoadData");
    FAULT("cuModuleLoadData");
    const char *text = image;
    if (!strstr(text, ".version") || !strstr(text, ".target")) {
        return E_INVALID_IMAGE;
    }
    struct module *m = calloc(1, sizeof *m);
    m->has_verify = strstr(text, ".entry harness_verify(") != NULL;
    m->has_spin = strstr(text, ".entry harness_spin(") != NULL;
    pthread_mutex_lock(&g);
    c_modules++;
    pthread_mutex_unlock(&g);
    *out = (uintptr_t) m;
    return OK;
}

CUresult cuModuleUnload(uintptr_t h) {
    CTX("cuModuleUnload");
    pthread_mutex_lock(&g);
    c_modules--;
    pthread_mutex_unlock(&g);
    free((void *) h);
    return OK;
}

CUresult cuModuleGetFunction(uintptr_t *out, uintptr_t h, const char *name) {
    CTX("cuModuleGetFunction");
    struct module *m = (struct module *) h;
    if (strcmp(name, "harness_verify") == 0 && m->has_verify) {
        *out = (uintptr_t) &verify_fn;
        return OK;
    }
    if (strcmp(name, "harness_spin") == 0 && m->has_spin) {
        *out = (uintptr_t) &spin_fn;
        return OK;
    }
    return E_NOT_FOUND;
}

CUresult cuLaunchKernel(uintptr_t f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, uintptr_t stream, void **params, void **extra) {
    CTX("cuLaunchKernel");
    FAULT("cuLaunchKernel");
    struct stream *s = live_stream(stream, "cuLaunchKernel");
    if (!s) {
        return E_INVALID_HANDLE;
    }
    if (gx == 0 || gy == 0 || gz == 0 || bx == 0 || by == 0 || bz == 0 || bx * by * bz > 1024 || extra != NULL
        || params == NULL) {
        error("cuLaunchKernel with an invalid configuration%s (block %lld threads)", "", (long long) bx * by * bz);
        return E_INVALID_VALUE;
    }
    struct function *fn = (struct function *) f;
    struct op *o;
    if (fn == &verify_fn) {
        uint64_t base = *(uint64_t *) params[0];
        uint64_t len = *(uint64_t *) params[1];
        uint32_t expected = *(uint32_t *) params[2];
        uint64_t result = *(uint64_t *) params[3];
        if (!inside(base, len, 0) || !inside(result, 16, 0) || expected > 255) {
            error("harness_verify launched on memory outside device allocations%s (len %lld)", "", (long long) len);
            return E_LAUNCH_FAILED;
        }
        o = new_op(OP_VERIFY);
        o->src = (const char *) (uintptr_t) base;
        o->n = len;
        o->value = (unsigned char) expected;
        o->result = (uint64_t *) (uintptr_t) result;
    } else if (fn == &spin_fn) {
        o = new_op(OP_SPIN);
        o->nanos = *(uint64_t *) params[0];
    } else {
        error("cuLaunchKernel of an unknown function%s%.0lld", "", 0);
        return E_INVALID_HANDLE;
    }
    pthread_mutex_lock(&g);
    c_launches++;
    pthread_mutex_unlock(&g);
    push(s, o);
    return OK;
}

/* ------------------------------------------------------------------------------------------------ test hooks */

long long fake_cuda_count(const char *what) {
    long long v = -1;
    pthread_mutex_lock(&g);
    if (!strcmp(what, "streams")) v = c_streams;
    else if (!strcmp(what, "stream_threads")) v = active_streams;
    else if (!strcmp(what, "events")) v = c_events;
    else if (!strcmp(what, "allocs")) v = c_allocs;
    else if (!strcmp(what, "alloc_bytes")) v = used_mem;
    else if (!strcmp(what, "host_allocs")) v = c_host;
    else if (!strcmp(what, "modules")) v = c_modules;
    else if (!strcmp(what, "ctx_refs")) v = ctx_refs;
    else if (!strcmp(what, "errors")) v = c_errors;
    else if (!strcmp(what, "context_errors")) v = c_ctx_errors;
    else if (!strcmp(what, "blocking_streams")) v = c_blocking;
    else if (!strcmp(what, "launches")) v = c_launches;
    else if (!strcmp(what, "pool_allocs")) v = c_pool_allocs;
    else if (!strcmp(what, "pool_trims")) v = c_pool_trims;
    else if (!strcmp(what, "pool_threshold")) v = (long long) pool_threshold;
    pthread_mutex_unlock(&g);
    return v;
}

const char *fake_cuda_last_error(void) {
    return last_error;
}

void fake_cuda_reset_errors(void) {
    pthread_mutex_lock(&g);
    c_errors = 0;
    c_ctx_errors = 0;
    last_error[0] = 0;
    pthread_mutex_unlock(&g);
}

void fake_cuda_set_total_memory(long long bytes) {
    pthread_mutex_lock(&g);
    total_mem = bytes;
    pthread_mutex_unlock(&g);
}

void fake_cuda_fail_next(const char *call, int rc, int count) {
    pthread_mutex_lock(&g);
    for (int i = 0; i < 8; i++) {
        if (faults[i].count == 0 || strcmp(faults[i].call, call) == 0) {
            snprintf(faults[i].call, sizeof faults[i].call, "%s", call);
            faults[i].rc = rc;
            faults[i].count = count;
            break;
        }
    }
    pthread_mutex_unlock(&g);
}
