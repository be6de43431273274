/*
 * fake_objc.c - a stand-in Objective-C runtime with fake Metal objects, for testing the Metal backend on Linux.
 *
 * The Metal backend calls, through JNA, exactly what it calls on macOS: objc_getClass, sel_registerName,
 * objc_msgSend (with one fixed-arity prototype per method shape), objc_autoreleasePoolPush/Pop and
 * MTLCreateSystemDefaultDevice. Only the library differs. This file implements those symbols:
 *
 *  - objc_msgSend is declared here as a NON-variadic function of seven 64-bit integer words returning a 16-byte
 *    struct. On x86-64 System V the caller's fixed-arity prototypes put self, _cmd and the next four integer
 *    arguments in rdi, rsi, rdx, rcx, r8, r9 and the seventh on the stack; a 16-byte struct of two integers passed by
 *    value (NSRange) takes two consecutive integer registers; a 16-byte struct of two integers returned by value
 *    (MTLSizeAndAlign) comes back in rax:rdx; BOOL is read from al. (AArch64 Linux: x0..x7 and x0:x1, the same
 *    mapping.) So each method reads its arguments as words a2..a6 in declaration order, and a caller that passed them
 *    differently (a struct by pointer, arguments in another order, a sign-extended uint8_t) reads wrong values here
 *    and fails the tests.
 *    What this cannot prove: Apple arm64's variadic convention (arguments on the stack) - only that the Java side uses
 *    fixed-arity prototypes, which is what makes it correct there.
 *  - objects are reference counted; new-/alloc-returned objects start owned (+1), commandBuffer, blitCommandEncoder,
 *    localizedDescription and name return autoreleased objects that the innermost pool of the calling thread releases
 *    when popped. The library RECORDS ownership: live objects (by kind), pools pushed and not popped, autoreleases
 *    with no pool, messages sent on a thread with no pool, pool pops out of order, messages to dead objects.
 *  - queues run committed command buffers in order on one thread per queue: blit fills and copies on real bytes,
 *    shared-event signals (rising counters) and waits (the queue blocks until the value is reached); status goes
 *    2 (committed) -> 4 (completed), or 5 (error) with an NSError; command buffers retain what they use until they
 *    complete; a queue hands out at most 64 uncompleted command buffers (commandBuffer blocks, as Metal's does).
 *  - fills of private, untracked buffers (the backend's compute scratch: nothing can observe their bytes) are
 *    modelled as GPU time at 100 bytes/ns (fake_mtl_set_fill_bytes_per_ns) instead of written, so compute(nanos)
 *    holds its queue about that long, as on a GPU;
 *  - heaps place buffers first-fit with the size/alignment of heapBufferSizeAndAlignWithLength:options: (4 KiB for
 *    private storage, 256 B for shared) and return nil when full; buffers keep their heap alive.
 *  - unknown selectors, unknown classes and misuse (encoding after commit, commit twice, an encoder left open,
 *    waiting on an uncommitted buffer, storage-mode mismatches, out-of-range blits, blit offsets or lengths that are
 *    not whole 4-byte words, which macOS requires) are counted and described; with
 *    FAKE_OBJC_ABORT=1 in the environment the process aborts at the first one, naming it.
 *
 * Build: gcc -shared -fPIC -O2 -pthread -o libfake_objc.so fake_objc.c   (the tests do this into target/).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { uint64_t a, b; } pair;
typedef uint64_t word;

/* ------------------------------------------------------------------------------------------------ selectors */

enum sel_id {
    S_UNKNOWN, S_RETAIN, S_RELEASE, S_ALLOC, S_INIT, S_NEW_COMMAND_QUEUE, S_COMMAND_BUFFER, S_COMMIT,
    S_WAIT_UNTIL_COMPLETED, S_STATUS, S_ERROR, S_LOCALIZED_DESCRIPTION, S_UTF8_STRING, S_NEW_BUFFER, S_CONTENTS,
    S_LENGTH, S_SET_SIZE, S_SET_STORAGE_MODE, S_SET_HAZARD_TRACKING_MODE, S_NEW_HEAP, S_NEW_SHARED_EVENT,
    S_SIGNALED_VALUE, S_SET_SIGNALED_VALUE, S_ENCODE_SIGNAL, S_ENCODE_WAIT, S_BLIT_ENCODER, S_FILL, S_COPY,
    S_END_ENCODING, S_MAX_AVAILABLE, S_USED_SIZE, S_SIZE, S_HEAP_SIZE_ALIGN, S_MAX_BUFFER_LENGTH,
    S_RECOMMENDED_WORKING_SET, S_HAS_UNIFIED_MEMORY, S_CURRENT_ALLOCATED_SIZE, S_NAME, S_COUNT
};
static const char *sel_names[S_COUNT] = {
    "?", "retain", "release", "alloc", "init", "newCommandQueue", "commandBuffer", "commit", "waitUntilCompleted",
    "status", "error", "localizedDescription", "UTF8String", "newBufferWithLength:options:", "contents", "length",
    "setSize:", "setStorageMode:", "setHazardTrackingMode:", "newHeapWithDescriptor:", "newSharedEvent",
    "signaledValue", "setSignaledValue:", "encodeSignalEvent:value:", "encodeWaitForEvent:value:",
    "blitCommandEncoder", "fillBuffer:range:value:", "copyFromBuffer:sourceOffset:toBuffer:destinationOffset:size:",
    "endEncoding", "maxAvailableSizeWithAlignment:", "usedSize", "size", "heapBufferSizeAndAlignWithLength:options:",
    "maxBufferLength", "recommendedMaxWorkingSetSize", "hasUnifiedMemory", "currentAllocatedSize", "name"
};
struct sel { char *name; int id; };

/* ------------------------------------------------------------------------------------------------ objects */

enum kind { K_CLASS = 1, K_DEVICE, K_QUEUE, K_CMDBUF, K_BLIT, K_HEAPDESC, K_HEAP, K_BUFFER, K_EVENT, K_ERROR,
            K_STRING, K_KINDS };
static const char *kind_names[K_KINDS] = {"?", "class", "device", "queue", "commandBuffer", "blitEncoder",
                                          "heapDescriptor", "heap", "buffer", "sharedEvent", "error", "string"};

struct cmd {
    int op; /* S_FILL, S_COPY, S_ENCODE_SIGNAL, S_ENCODE_WAIT */
    struct obj *a, *b;
    word x, y, z;
    struct cmd *next;
};
struct range { word off, len; };

struct obj {
    int kind;
    long rc;
    struct obj *device;            /* queue, heap, buffer, event: their device (retained) */
    /* queue */
    struct obj *pending_head, *pending_tail;
    int uncompleted;
    int thread_started;
    /* command buffer */
    struct obj *queue;             /* retained */
    struct cmd *cmds, *cmds_tail;
    int status;
    int counted;                   /* holds one of its queue's 64 slots */
    struct obj *encoder;           /* open blit encoder */
    struct obj *error;             /* NSError when status 5 */
    struct obj *next_pending;
    /* blit encoder */
    struct obj *cb;
    int ended;
    /* heap descriptor / heap / buffer */
    word size, storage, hazard;
    int inited;
    char *mem;
    struct range *free_ranges;
    int n_free, cap_free;
    word used;
    struct obj *heap;              /* buffer: its heap (retained), or NULL */
    word offset, alloc_size, length;
    word buffer_hazard;            /* MTLHazardTrackingMode from the resource options */
    /* event */
    word value;
    /* string */
    char *text;
};

static pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static long live_by_kind[K_KINDS];
static long live_total, open_pools, errors, max_uncompleted_seen, messages, unpooled_messages;
static char last_error[512];
static long long memory_limit = 16LL << 30, device_allocated;
static struct { int id; int count; } fail_next[4];
static int fail_next_command_buffers;
static word fill_bytes_per_ns = 100; /* modelled GPU fill rate for untracked private buffers */

static struct obj class_heap_descriptor = {.kind = K_CLASS, .rc = 1};

/* live-object registry: an open-addressing set of pointers, to catch messages to released objects */
#define REG_CAP (1 << 20)
static struct obj **registry;

static size_t slot_of(struct obj *o) {
    return (((uintptr_t) o) >> 4) * 0x9E3779B97F4A7C15ull >> 44 & (REG_CAP - 1);
}

static void reg_add(struct obj *o) {
    if (!registry) {
        registry = calloc(REG_CAP, sizeof *registry);
    }
    size_t i = slot_of(o);
    while (registry[i] && registry[i] != (struct obj *) 1) {
        i = (i + 1) & (REG_CAP - 1);
    }
    registry[i] = o;
}

static int reg_has(struct obj *o) {
    if (!registry) {
        return 0;
    }
    size_t i = slot_of(o);
    while (registry[i]) {
        if (registry[i] == o) {
            return 1;
        }
        i = (i + 1) & (REG_CAP - 1);
    }
    return 0;
}

static void reg_remove(struct obj *o) {
    size_t i = slot_of(o);
    while (registry[i]) {
        if (registry[i] == o) {
            registry[i] = (struct obj *) 1; /* tombstone */
            return;
        }
        i = (i + 1) & (REG_CAP - 1);
    }
}

static void misuse_locked(const char *what, const char *detail) {
    errors++;
    snprintf(last_error, sizeof last_error, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
    fprintf(stderr, "fake_objc: %s\n", last_error);
    const char *ab = getenv("FAKE_OBJC_ABORT");
    if (ab && ab[0] == '1') {
        abort();
    }
}

static struct obj *new_obj_locked(int kind) {
    struct obj *o = calloc(1, sizeof *o);
    o->kind = kind;
    o->rc = 1;
    live_by_kind[kind]++;
    live_total++;
    reg_add(o);
    return o;
}

static void release_locked(struct obj *o);

/* ------------------------------------------------------------------------------------------------ autorelease */

struct pool { struct obj **items; int n, cap; struct pool *prev; };
static __thread struct pool *top_pool;

void *objc_autoreleasePoolPush(void) {
    struct pool *p = calloc(1, sizeof *p);
    p->prev = top_pool;
    top_pool = p;
    pthread_mutex_lock(&g);
    open_pools++;
    pthread_mutex_unlock(&g);
    return p;
}

void objc_autoreleasePoolPop(void *token) {
    pthread_mutex_lock(&g);
    if (token != top_pool) {
        misuse_locked("objc_autoreleasePoolPop of a pool that is not the innermost one of this thread", NULL);
        pthread_mutex_unlock(&g);
        return;
    }
    struct pool *p = top_pool;
    for (int i = 0; i < p->n; i++) {
        release_locked(p->items[i]);
    }
    open_pools--;
    top_pool = p->prev;
    pthread_mutex_unlock(&g);
    free(p->items);
    free(p);
}

static struct obj *autorelease_locked(struct obj *o) {
    struct pool *p = top_pool;
    if (!p) {
        misuse_locked("object autoreleased with no pool in place - just leaking", kind_names[o->kind]);
        return o;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        p->items = realloc(p->items, sizeof *p->items * (size_t) p->cap);
    }
    p->items[p->n++] = o;
    return o;
}

/* ------------------------------------------------------------------------------------------------ runtime entry */

static struct sel *sel_table[512];
static int n_sels;

void *sel_registerName(const char *name) {
    pthread_mutex_lock(&g);
    for (int i = 0; i < n_sels; i++) {
        if (strcmp(sel_table[i]->name, name) == 0) {
            pthread_mutex_unlock(&g);
            return sel_table[i];
        }
    }
    struct sel *s = calloc(1, sizeof *s);
    s->name = strdup(name);
    for (int id = 1; id < S_COUNT; id++) {
        if (strcmp(sel_names[id], name) == 0) {
            s->id = id;
        }
    }
    if (n_sels < 512) {
        sel_table[n_sels++] = s;
    }
    pthread_mutex_unlock(&g);
    return s;
}

void *objc_getClass(const char *name) {
    if (strcmp(name, "MTLHeapDescriptor") == 0) {
        return &class_heap_descriptor;
    }
    pthread_mutex_lock(&g);
    misuse_locked("objc_getClass of a class this fake does not have", name);
    pthread_mutex_unlock(&g);
    return NULL;
}

void *MTLCreateSystemDefaultDevice(void) {
    pthread_mutex_lock(&g);
    struct obj *d = new_obj_locked(K_DEVICE);
    pthread_mutex_unlock(&g);
    return d;
}

/* ------------------------------------------------------------------------------------------------ dealloc */

static void free_cmds_locked(struct obj *cb) {
    struct cmd *c = cb->cmds;
    while (c) {
        struct cmd *n = c->next;
        if (c->a) {
            release_locked(c->a);
        }
        if (c->b) {
            release_locked(c->b);
        }
        free(c);
        c = n;
    }
    cb->cmds = cb->cmds_tail = NULL;
}

static void heap_free_range_locked(struct obj *h, word off, word len);

static void dealloc_locked(struct obj *o) {
    reg_remove(o);
    live_by_kind[o->kind]--;
    live_total--;
    switch (o->kind) {
        case K_CMDBUF:
            free_cmds_locked(o);
            if (o->counted) {
                o->queue->uncompleted--;
                pthread_cond_broadcast(&changed);
            }
            if (o->error) {
                release_locked(o->error);
            }
            release_locked(o->queue);
            break;
        case K_QUEUE:
            pthread_cond_broadcast(&changed); /* lets its thread exit */
            break;
        case K_HEAP:
            device_allocated -= (long long) o->size;
            free(o->mem);
            free(o->free_ranges);
            break;
        case K_BUFFER:
            if (o->heap) {
                heap_free_range_locked(o->heap, o->offset, o->alloc_size);
                release_locked(o->heap);
            } else {
                device_allocated -= (long long) o->alloc_size;
                free(o->mem);
            }
            break;
        case K_STRING:
        case K_ERROR:
            free(o->text);
            break;
        default:
            break;
    }
    if (o->device) {
        release_locked(o->device);
    }
    if (o->kind == K_QUEUE && o->thread_started) {
        o->kind = -1; /* its thread sees this, drains (nothing is left: command buffers retain their queue) and frees */
        return;
    }
    free(o);
}

static void release_locked(struct obj *o) {
    if (o->kind == K_CLASS) {
        return;
    }
    if (--o->rc == 0) {
        dealloc_locked(o);
    } else if (o->rc < 0) {
        misuse_locked("over-release", kind_names[o->kind]);
    }
}

/* ------------------------------------------------------------------------------------------------ heaps */

static word granule(word storage) {
    return storage == 2 ? 4096 : 256;
}

static word round_up(word v, word a) {
    return (v + a - 1) / a * a;
}

static void heap_free_range_locked(struct obj *h, word off, word len) {
    /* insert keeping order, then coalesce */
    if (h->n_free == h->cap_free) {
        h->cap_free = h->cap_free ? h->cap_free * 2 : 16;
        h->free_ranges = realloc(h->free_ranges, sizeof *h->free_ranges * (size_t) h->cap_free);
    }
    int i = 0;
    while (i < h->n_free && h->free_ranges[i].off < off) {
        i++;
    }
    memmove(&h->free_ranges[i + 1], &h->free_ranges[i], sizeof *h->free_ranges * (size_t) (h->n_free - i));
    h->free_ranges[i].off = off;
    h->free_ranges[i].len = len;
    h->n_free++;
    h->used -= len;
    for (int k = 0; k + 1 < h->n_free;) {
        if (h->free_ranges[k].off + h->free_ranges[k].len == h->free_ranges[k + 1].off) {
            h->free_ranges[k].len += h->free_ranges[k + 1].len;
            memmove(&h->free_ranges[k + 1], &h->free_ranges[k + 2],
                    sizeof *h->free_ranges * (size_t) (h->n_free - k - 2));
            h->n_free--;
        } else {
            k++;
        }
    }
}

static int heap_alloc_locked(struct obj *h, word len, word align, word *out) {
    for (int i = 0; i < h->n_free; i++) {
        word start = round_up(h->free_ranges[i].off, align);
        word end = h->free_ranges[i].off + h->free_ranges[i].len;
        if (start + len <= end) {
            word before = start - h->free_ranges[i].off;
            word after = end - (start + len);
            struct range r = h->free_ranges[i];
            /* replace range i by the pieces left over */
            memmove(&h->free_ranges[i], &h->free_ranges[i + 1], sizeof *h->free_ranges * (size_t) (h->n_free - i - 1));
            h->n_free--;
            h->used += r.len;
            if (before) {
                heap_free_range_locked(h, r.off, before);
            }
            if (after) {
                heap_free_range_locked(h, start + len, after);
            }
            *out = start;
            return 1;
        }
    }
    return 0;
}

static word heap_max_available_locked(struct obj *h, word align) {
    word best = 0;
    for (int i = 0; i < h->n_free; i++) {
        word start = round_up(h->free_ranges[i].off, align);
        word end = h->free_ranges[i].off + h->free_ranges[i].len;
        if (end > start && end - start > best) {
            best = end - start;
        }
    }
    return best / align * align;
}

/* ------------------------------------------------------------------------------------------------ queues */

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000ull + (uint64_t) t.tv_nsec;
}

static void sleep_until(uint64_t deadline) {
    uint64_t now;
    while ((now = now_ns()) < deadline) {
        uint64_t left = deadline - now;
        struct timespec ts = {(time_t) (left / 1000000000ull), (long) (left % 1000000000ull)};
        nanosleep(&ts, NULL);
    }
}

/* Fills of private, untracked buffers (nobody can order on them, the CPU cannot read them: the backend's compute
 * scratch) are modelled as GPU time, len / fill_bytes_per_ns, instead of bytes; the time is slept before the next
 * command that has an observable effect, so a long "compute" really holds the queue. */
static int time_only(struct cmd *c) {
    return c->op == S_FILL && c->a->storage == 2 && c->a->buffer_hazard == 1;
}

static void run_commands(struct obj *cb) {
    uint64_t busy_until = 0;
    for (struct cmd *c = cb->cmds; c; c = c->next) {
        if (time_only(c)) {
            uint64_t start = busy_until ? busy_until : now_ns();
            busy_until = start + c->y / (fill_bytes_per_ns ? fill_bytes_per_ns : 1);
            continue;
        }
        if (busy_until) {
            sleep_until(busy_until);
            busy_until = 0;
        }
        switch (c->op) {
            case S_FILL:
                memset(c->a->mem + c->x, (int) c->z, c->y);
                break;
            case S_COPY:
                memmove(c->b->mem + c->y, c->a->mem + c->x, c->z);
                break;
            case S_ENCODE_SIGNAL:
                pthread_mutex_lock(&g);
                if (c->x > c->a->value) {
                    c->a->value = c->x;
                }
                pthread_cond_broadcast(&changed);
                pthread_mutex_unlock(&g);
                break;
            case S_ENCODE_WAIT: {
                struct timespec dl;
                clock_gettime(CLOCK_REALTIME, &dl);
                dl.tv_sec += 30;
                pthread_mutex_lock(&g);
                while (c->a->value < c->x) {
                    if (pthread_cond_timedwait(&changed, &g, &dl) != 0) {
                        misuse_locked("queue waited 30 s for a shared event value nobody signalled", NULL);
                        break;
                    }
                }
                pthread_mutex_unlock(&g);
                break;
            }
        }
    }
    if (busy_until) {
        sleep_until(busy_until);
    }
}

static void *queue_main(void *arg) {
    struct obj *q = arg;
    pthread_mutex_lock(&g);
    for (;;) {
        while (!q->pending_head && q->kind == K_QUEUE) {
            pthread_cond_wait(&changed, &g);
        }
        if (!q->pending_head) {
            break; /* deallocated and drained */
        }
        struct obj *cb = q->pending_head;
        cb->status = 3; /* scheduled */
        pthread_mutex_unlock(&g);
        run_commands(cb);
        pthread_mutex_lock(&g);
        q->pending_head = cb->next_pending;
        if (!q->pending_head) {
            q->pending_tail = NULL;
        }
        free_cmds_locked(cb); /* the command buffer's references to resources end with it */
        if (fail_next_command_buffers > 0) {
            fail_next_command_buffers--;
            struct obj *e = new_obj_locked(K_ERROR);
            e->text = strdup("Fake GPU fault injected by the test (MTLCommandBufferErrorInternal)");
            cb->error = e;
            cb->status = 5;
        } else {
            cb->status = 4;
        }
        if (cb->counted) {
            cb->counted = 0;
            q->uncompleted--;
        }
        pthread_cond_broadcast(&changed);
        release_locked(cb); /* the queue's reference from commit */
    }
    pthread_mutex_unlock(&g);
    free(q);
    return NULL;
}

/* ------------------------------------------------------------------------------------------------ dispatch */

static pair R(word a) {
    pair p = {a, 0};
    return p;
}

static int injected_nil(int id) {
    for (int i = 0; i < 4; i++) {
        if (fail_next[i].id == id && fail_next[i].count > 0) {
            fail_next[i].count--;
            return 1;
        }
    }
    return 0;
}

static pair unrecognized(struct obj *self, struct sel *op) {
    char detail[256];
    snprintf(detail, sizeof detail, "-[%s %s]", kind_names[self->kind], op->name);
    misuse_locked("unrecognized selector sent to instance", detail);
    return R(0);
}

static void add_cmd_locked(struct obj *cb, int op, struct obj *a, struct obj *b, word x, word y, word z) {
    struct cmd *c = calloc(1, sizeof *c);
    c->op = op;
    c->a = a;
    c->b = b;
    c->x = x;
    c->y = y;
    c->z = z;
    if (a) {
        a->rc++;
    }
    if (b) {
        b->rc++;
    }
    if (cb->cmds_tail) {
        cb->cmds_tail->next = c;
    } else {
        cb->cmds = c;
    }
    cb->cmds_tail = c;
}

static pair device_msg(struct obj *d, struct sel *op, word a2, word a3) {
    switch (op->id) {
        case S_NEW_COMMAND_QUEUE: {
            if (injected_nil(op->id)) {
                return R(0);
            }
            struct obj *q = new_obj_locked(K_QUEUE);
            q->device = d;
            d->rc++;
            return R((word) q);
        }
        case S_NEW_SHARED_EVENT: {
            if (injected_nil(op->id)) {
                return R(0);
            }
            struct obj *e = new_obj_locked(K_EVENT);
            e->device = d;
            d->rc++;
            return R((word) e);
        }
        case S_NEW_HEAP: {
            struct obj *desc = (struct obj *) a2;
            if (!reg_has(desc) || desc->kind != K_HEAPDESC || !desc->inited || desc->size == 0) {
                misuse_locked("newHeapWithDescriptor: needs an initialised MTLHeapDescriptor with a size", NULL);
                return R(0);
            }
            if (injected_nil(op->id) || device_allocated + (long long) desc->size > memory_limit) {
                return R(0);
            }
            struct obj *h = new_obj_locked(K_HEAP);
            h->size = desc->size;
            h->storage = desc->storage;
            h->hazard = desc->hazard;
            h->mem = calloc(1, desc->size);
            heap_free_range_locked(h, 0, desc->size);
            h->used = 0;
            h->device = d;
            d->rc++;
            device_allocated += (long long) desc->size;
            return R((word) h);
        }
        case S_NEW_BUFFER: {
            word storage = (a3 >> 4) & 0xF;
            if (injected_nil(op->id) || a2 == 0 || device_allocated + (long long) a2 > memory_limit) {
                return R(0);
            }
            struct obj *b = new_obj_locked(K_BUFFER);
            b->length = a2;
            b->alloc_size = round_up(a2, granule(storage));
            b->storage = storage;
            b->buffer_hazard = (a3 >> 8) & 3;
            b->mem = calloc(1, b->alloc_size);
            b->device = d;
            d->rc++;
            device_allocated += (long long) b->alloc_size;
            return R((word) b);
        }
        case S_HEAP_SIZE_ALIGN: {
            word storage = (a3 >> 4) & 0xF;
            word gr = granule(storage);
            pair p = {round_up(a2 ? a2 : 1, gr), gr};
            return p;
        }
        case S_MAX_BUFFER_LENGTH:
            return R(1ull << 32);
        case S_RECOMMENDED_WORKING_SET:
            return R((word) memory_limit * 3 / 4);
        case S_HAS_UNIFIED_MEMORY:
            return R(1);
        case S_CURRENT_ALLOCATED_SIZE:
            return R((word) device_allocated);
        case S_NAME: {
            struct obj *s = new_obj_locked(K_STRING);
            s->text = strdup("Fake Apple GPU (objc test double)");
            return R((word) autorelease_locked(s));
        }
    }
    return unrecognized(d, op);
}

static pair queue_msg(struct obj *q, struct sel *op) {
    if (op->id != S_COMMAND_BUFFER) {
        return unrecognized(q, op);
    }
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += 10;
    while (q->uncompleted >= 64) {
        if (pthread_cond_timedwait(&changed, &g, &dl) != 0) {
            misuse_locked("commandBuffer blocked 10 s: the queue has 64 uncompleted command buffers (a leak?)",
                          NULL);
            return R(0);
        }
    }
    struct obj *cb = new_obj_locked(K_CMDBUF);
    cb->queue = q;
    q->rc++;
    cb->counted = 1;
    q->uncompleted++;
    if (q->uncompleted > max_uncompleted_seen) {
        max_uncompleted_seen = q->uncompleted;
    }
    return R((word) autorelease_locked(cb));
}

static pair cmdbuf_msg(struct obj *cb, struct sel *op, word a2, word a3) {
    switch (op->id) {
        case S_BLIT_ENCODER: {
            if (cb->status != 0) {
                misuse_locked("blitCommandEncoder on a committed command buffer", NULL);
                return R(0);
            }
            if (cb->encoder) {
                misuse_locked("blitCommandEncoder while another encoder is open (endEncoding first)", NULL);
                return R(0);
            }
            struct obj *e = new_obj_locked(K_BLIT);
            e->cb = cb;
            cb->encoder = e;
            return R((word) autorelease_locked(e));
        }
        case S_ENCODE_SIGNAL:
        case S_ENCODE_WAIT: {
            struct obj *ev = (struct obj *) a2;
            if (cb->status != 0 || cb->encoder) {
                misuse_locked(cb->encoder ? "event encoded while an encoder is open" : "event encoded after commit",
                              op->name);
                return R(0);
            }
            if (!reg_has(ev) || ev->kind != K_EVENT) {
                misuse_locked("event argument is not a live MTLSharedEvent", op->name);
                return R(0);
            }
            add_cmd_locked(cb, op->id, ev, NULL, a3, 0, 0);
            return R(0);
        }
        case S_COMMIT:
            if (cb->status != 0) {
                misuse_locked("commit of a command buffer that was already committed", NULL);
                return R(0);
            }
            if (cb->encoder) {
                misuse_locked("commit with an encoder still open (endEncoding first)", NULL);
                return R(0);
            }
            cb->status = 2;
            cb->rc++; /* the queue keeps it until it completes */
            if (cb->queue->pending_tail) {
                cb->queue->pending_tail->next_pending = cb;
            } else {
                cb->queue->pending_head = cb;
            }
            cb->queue->pending_tail = cb;
            if (!cb->queue->thread_started) {
                pthread_t t;
                cb->queue->thread_started = 1;
                pthread_create(&t, NULL, queue_main, cb->queue);
                pthread_detach(t);
            }
            pthread_cond_broadcast(&changed);
            return R(0);
        case S_WAIT_UNTIL_COMPLETED:
            if (cb->status == 0) {
                misuse_locked("waitUntilCompleted on a command buffer that was never committed (deadlock)", NULL);
                return R(0);
            }
            while (cb->status < 4) {
                pthread_cond_wait(&changed, &g);
            }
            return R(0);
        case S_STATUS:
            return R((word) cb->status);
        case S_ERROR:
            return R((word) cb->error);
    }
    return unrecognized(cb, op);
}

static pair blit_msg(struct obj *e, struct sel *op, word a2, word a3, word a4, word a5, word a6) {
    if (op->id == S_END_ENCODING) {
        if (e->ended) {
            misuse_locked("endEncoding twice", NULL);
        } else {
            e->ended = 1;
            if (reg_has(e->cb) && e->cb->encoder == e) {
                e->cb->encoder = NULL;
            }
        }
        return R(0);
    }
    if (op->id != S_FILL && op->id != S_COPY) {
        return unrecognized(e, op);
    }
    if (e->ended || !reg_has(e->cb) || e->cb->status != 0) {
        misuse_locked("blit encoded on an ended encoder or a committed command buffer", op->name);
        return R(0);
    }
    if (op->id == S_FILL) {
        struct obj *b = (struct obj *) a2;
        word loc = a3, len = a4, value = a5;
        if (value > 255) {
            char d[64];
            snprintf(d, sizeof d, "0x%llx", (unsigned long long) value);
            misuse_locked("fillBuffer:range:value: uint8_t value not zero-extended by the caller", d);
            return R(0);
        }
        if (loc % 4 || len % 4) {
            char d[96];
            snprintf(d, sizeof d, "range {%llu, %llu}", (unsigned long long) loc, (unsigned long long) len);
            misuse_locked("fillBuffer:range:value: needs a range of whole 4-byte words on macOS", d);
            return R(0);
        }
        if (!reg_has(b) || b->kind != K_BUFFER || loc + len > b->length || len == 0) {
            char d[160];
            snprintf(d, sizeof d, "range {%llu, %llu} of a buffer of %llu", (unsigned long long) loc,
                     (unsigned long long) len, reg_has(b) ? (unsigned long long) b->length : 0ull);
            misuse_locked("fillBuffer:range:value: outside the buffer (or not a buffer)", d);
            return R(0);
        }
        add_cmd_locked(e->cb, S_FILL, b, NULL, loc, len, value);
        return R(0);
    }
    struct obj *src = (struct obj *) a2, *dst = (struct obj *) a4;
    word so = a3, dof = a5, size = a6;
    if (so % 4 || dof % 4 || size % 4) {
        misuse_locked("copyFromBuffer:…: offsets and size must be multiples of 4 on macOS", NULL);
        return R(0);
    }
    if (!reg_has(src) || !reg_has(dst) || src->kind != K_BUFFER || dst->kind != K_BUFFER || so + size > src->length
        || dof + size > dst->length || size == 0) {
        misuse_locked("copyFromBuffer:sourceOffset:toBuffer:destinationOffset:size: out of range", NULL);
        return R(0);
    }
    add_cmd_locked(e->cb, S_COPY, src, dst, so, dof, size);
    return R(0);
}

static pair heap_msg(struct obj *h, struct sel *op, word a2, word a3) {
    switch (op->id) {
        case S_NEW_BUFFER: {
            word storage = (a3 >> 4) & 0xF;
            if (storage != h->storage) {
                char d[96];
                snprintf(d, sizeof d, "options storage %llu, heap storage %llu", (unsigned long long) storage,
                         (unsigned long long) h->storage);
                misuse_locked("newBufferWithLength:options: storage mode differs from the heap's", d);
                return R(0);
            }
            if (a2 == 0 || injected_nil(op->id)) {
                return R(0);
            }
            word gr = granule(storage), size = round_up(a2, gr), off;
            if (!heap_alloc_locked(h, size, gr, &off)) {
                return R(0); /* full: nil, as Metal */
            }
            struct obj *b = new_obj_locked(K_BUFFER);
            b->heap = h;
            h->rc++;
            b->mem = h->mem + off;
            b->offset = off;
            b->alloc_size = size;
            b->length = a2;
            b->storage = storage;
            b->buffer_hazard = (a3 >> 8) & 3;
            return R((word) b);
        }
        case S_MAX_AVAILABLE:
            return R(heap_max_available_locked(h, a2 ? a2 : 1));
        case S_USED_SIZE:
            return R(h->used);
        case S_SIZE:
            return R(h->size);
    }
    return unrecognized(h, op);
}

pair objc_msgSend(struct obj *self, struct sel *op, word a2, word a3, word a4, word a5, word a6) {
    if (!self) {
        return R(0); /* messages to nil return zero */
    }
    pthread_mutex_lock(&g);
    messages++;
    if (!top_pool) {
        unpooled_messages++;
    }
    pair r = R(0);
    if (self != &class_heap_descriptor && !reg_has(self)) {
        misuse_locked("message sent to a released (or never created) object", op->name);
        pthread_mutex_unlock(&g);
        return r;
    }
    if (op->id == S_RETAIN && self->kind != K_CLASS) {
        self->rc++;
        r = R((word) self);
    } else if (op->id == S_RELEASE && self->kind != K_CLASS) {
        release_locked(self);
    } else {
        switch (self->kind) {
            case K_CLASS:
                if (op->id == S_ALLOC) {
                    r = R((word) new_obj_locked(K_HEAPDESC));
                } else {
                    r = unrecognized(self, op);
                }
                break;
            case K_HEAPDESC:
                switch (op->id) {
                    case S_INIT: self->inited = 1; r = R((word) self); break;
                    case S_SET_SIZE: self->size = a2; break;
                    case S_SET_STORAGE_MODE: self->storage = a2; break;
                    case S_SET_HAZARD_TRACKING_MODE: self->hazard = a2; break;
                    default: r = unrecognized(self, op);
                }
                break;
            case K_DEVICE: r = device_msg(self, op, a2, a3); break;
            case K_QUEUE: r = queue_msg(self, op); break;
            case K_CMDBUF: r = cmdbuf_msg(self, op, a2, a3); break;
            case K_BLIT: r = blit_msg(self, op, a2, a3, a4, a5, a6); break;
            case K_HEAP: r = heap_msg(self, op, a2, a3); break;
            case K_BUFFER:
                if (op->id == S_CONTENTS) {
                    r = R(self->storage == 2 ? 0 : (word) self->mem); /* private storage: nil, as Metal */
                } else if (op->id == S_LENGTH) {
                    r = R(self->length);
                } else {
                    r = unrecognized(self, op);
                }
                break;
            case K_EVENT:
                if (op->id == S_SIGNALED_VALUE) {
                    r = R(self->value);
                } else if (op->id == S_SET_SIGNALED_VALUE) {
                    self->value = a2;
                    pthread_cond_broadcast(&changed);
                } else {
                    r = unrecognized(self, op);
                }
                break;
            case K_ERROR:
                if (op->id == S_LOCALIZED_DESCRIPTION) {
                    struct obj *s = new_obj_locked(K_STRING);
                    s->text = strdup(self->text);
                    r = R((word) autorelease_locked(s));
                } else {
                    r = unrecognized(self, op);
                }
                break;
            case K_STRING:
                r = op->id == S_UTF8_STRING ? R((word) self->text) : unrecognized(self, op);
                break;
            default:
                r = unrecognized(self, op);
        }
    }
    pthread_mutex_unlock(&g);
    return r;
}

/* ------------------------------------------------------------------------------------------------ test hooks */

long fake_objc_count(const char *what) {
    long v = -1;
    pthread_mutex_lock(&g);
    if (!strcmp(what, "live")) v = live_total;
    else if (!strcmp(what, "pools")) v = open_pools;
    else if (!strcmp(what, "errors")) v = errors;
    else if (!strcmp(what, "messages")) v = messages;
    else if (!strcmp(what, "unpooled_messages")) v = unpooled_messages;
    else if (!strcmp(what, "max_uncompleted")) v = max_uncompleted_seen;
    else if (!strcmp(what, "device_allocated")) v = (long) device_allocated;
    else {
        for (int k = 1; k < K_KINDS; k++) {
            if (!strcmp(what, kind_names[k])) {
                v = live_by_kind[k];
            }
        }
    }
    pthread_mutex_unlock(&g);
    return v;
}

const char *fake_objc_last_error(void) {
    return last_error;
}

void fake_objc_reset(void) {
    pthread_mutex_lock(&g);
    errors = 0;
    unpooled_messages = 0;
    max_uncompleted_seen = 0;
    last_error[0] = 0;
    pthread_mutex_unlock(&g);
}

void fake_mtl_set_memory_limit(long long bytes) {
    pthread_mutex_lock(&g);
    memory_limit = bytes;
    pthread_mutex_unlock(&g);
}

/* The next `count` sends of `selector` (newCommandQueue, newSharedEvent, newHeapWithDescriptor:,
 * newBufferWithLength:options:) return nil. */
void fake_mtl_fail_next(const char *selector, int count) {
    pthread_mutex_lock(&g);
    for (int id = 1; id < S_COUNT; id++) {
        if (!strcmp(sel_names[id], selector)) {
            for (int i = 0; i < 4; i++) {
                if (fail_next[i].count == 0 || fail_next[i].id == id) {
                    fail_next[i].id = id;
                    fail_next[i].count = count;
                    break;
                }
            }
        }
    }
    pthread_mutex_unlock(&g);
}

void fake_mtl_set_fill_bytes_per_ns(long long rate) {
    pthread_mutex_lock(&g);
    fill_bytes_per_ns = rate > 0 ? (word) rate : 1;
    pthread_mutex_unlock(&g);
}

/* The next `count` command buffers to complete end with status 5 (error) and an NSError. */
void fake_mtl_fail_next_command_buffers(int count) {
    pthread_mutex_lock(&g);
    fail_next_command_buffers = count;
    pthread_mutex_unlock(&g);
}
