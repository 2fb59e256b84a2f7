// A one-slot compute pool: the caller runs part 0 of a task and up to POOL_MAX - 1 workers run the
// rest. Workers spin briefly after each task (the next matrix product usually follows within tens
// of microseconds) and then sleep on a condition variable, so an idle service burns no CPU and
// never spins against another pool for long (DESIGN §8). One task at a time: a caller that finds
// the pool busy (another request thread mid-product) runs its task alone instead of queueing.
#define _GNU_SOURCE
#include "CKernels.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define RELAX() _mm_pause()
#else
#define RELAX() ((void)0)
#endif

#define POOL_MAX 8

static pthread_mutex_t busy = PTHREAD_MUTEX_INITIALIZER;     // held by the caller owning the pool
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;     // guards sleeping/started + condvar
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int started;                                          // workers, written under `busy`
static int sleeping;
static _Atomic unsigned long generation;
static _Atomic int remaining;
static ckernels_task_fn task_fn;
static void *task_arg;
static int task_parts;
static _Atomic long spin_ns = 100000;
static _Atomic int worker_nice;                              // 0: as created

void ckernels_set_thread_name(const char *name) { pthread_setname_np(pthread_self(), name); }

int ckernels_set_thread_nice(int nice) {
    return setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice);
}

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

struct worker_start { int index; unsigned long seen; };

static void *worker(void *arg) {
    struct worker_start start = *(struct worker_start *)arg;
    free(arg);
    int index = start.index;
    // The generation at creation, not 0: a worker added later must not replay an old task.
    unsigned long seen = start.seen;
    pthread_setname_np(pthread_self(), "ckernels-pool");
    int applied_nice = 0;
    for (;;) {
        long deadline = now_ns() + atomic_load_explicit(&spin_ns, memory_order_relaxed);
        int polls = 0;
        while (atomic_load_explicit(&generation, memory_order_acquire) == seen) {
            RELAX();
            if (++polls % 64 == 0 && now_ns() > deadline) {
                pthread_mutex_lock(&lock);
                sleeping++;
                while (atomic_load_explicit(&generation, memory_order_acquire) == seen) pthread_cond_wait(&wake, &lock);
                sleeping--;
                pthread_mutex_unlock(&lock);
            }
        }
        seen = atomic_load_explicit(&generation, memory_order_acquire);
        int want = atomic_load_explicit(&worker_nice, memory_order_relaxed);
        if (want != applied_nice) { ckernels_set_thread_nice(want); applied_nice = want; }
        if (index < task_parts) task_fn(task_arg, index, task_parts);
        atomic_fetch_sub_explicit(&remaining, 1, memory_order_acq_rel);
    }
    return 0;
}

// Called with `busy` held, so workers are only added between tasks.
static void grow(int parts) {
    while (started + 1 < parts && started + 1 < POOL_MAX) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        struct worker_start *start = malloc(sizeof *start);
        if (!start) break;
        *start = (struct worker_start){ started + 1, atomic_load(&generation) };
        int ok = pthread_create(&t, &attr, worker, start) == 0;
        pthread_attr_destroy(&attr);
        if (!ok) { free(start); break; }
        started++;
    }
}

static _Atomic int thread_count = 2;

void ckernels_set_threads(int n) { atomic_store(&thread_count, n < 1 ? 1 : n > POOL_MAX ? POOL_MAX : n); }

int ckernels_threads(void) { return atomic_load(&thread_count); }

void ckernels_pool_set_spin_microseconds(long us) { atomic_store(&spin_ns, us < 0 ? 0 : us * 1000); }

void ckernels_pool_set_nice(int nice) { atomic_store(&worker_nice, nice); }

void ckernels_pool_run(ckernels_task_fn fn, void *arg, int parts) {
    if (parts <= 1 || pthread_mutex_trylock(&busy) != 0) { fn(arg, 0, 1); return; }
    grow(parts);
    if (parts > started + 1) parts = started + 1;
    if (parts <= 1) { pthread_mutex_unlock(&busy); fn(arg, 0, 1); return; }
    task_fn = fn; task_arg = arg; task_parts = parts;
    atomic_store_explicit(&remaining, started, memory_order_relaxed);
    atomic_fetch_add_explicit(&generation, 1, memory_order_release);
    pthread_mutex_lock(&lock);
    if (sleeping) pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
    fn(arg, 0, parts);
    // Wait for the workers' last pieces: spin briefly, then yield. On an oversubscribed host (other
    // processes on both vCPUs) a worker can be preempted mid-piece for a whole time slice; pure
    // spinning then burned that slice on the core the worker might have run on.
    long waited_from = 0;
    int polls = 0;
    while (atomic_load_explicit(&remaining, memory_order_acquire) > 0) {
        RELAX();
        if (++polls % 64 == 0) {
            long t = now_ns();
            if (waited_from == 0) waited_from = t;
            else if (t - waited_from > 50000) sched_yield();
        }
    }
    pthread_mutex_unlock(&busy);
}
