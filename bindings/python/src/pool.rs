//! The thread pool batches run on, and the loop that runs chunks on it.
//!
//! The pool belongs to this process: it is made on first use and made again when the process id
//! changes, so a child made by `fork` (e.g. `multiprocessing` on Linux) never waits on threads
//! that only exist in its parent. Work runs without the GIL, inside the pool, in waves of several
//! chunks per thread; between waves the GIL is taken briefly to check for Ctrl-C
//! (`KeyboardInterrupt`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rayon::prelude::*;
use std::sync::{Arc, Mutex};

/// The cached pool: (process id, threads, pool).
static POOL: Mutex<Option<(u32, usize, Arc<rayon::ThreadPool>)>> = Mutex::new(None);

fn threads_wanted(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

fn pool(threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    let pid = std::process::id();
    let mut cached = POOL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((p, t, pool)) = cached.as_ref() {
        if *p == pid && *t == threads {
            return Ok(Arc::clone(pool));
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("helhed-{i}"))
        .build()
        .map_err(|e| PyValueError::new_err(format!("cannot start {threads} threads: {e}")))?;
    let pool = Arc::new(pool);
    *cached = Some((pid, threads, Arc::clone(&pool)));
    Ok(pool)
}

/// Runs `work` on consecutive runs of `per_chunk` items (a few thousand rows' worth), without
/// the GIL, on this process's pool of `threads` threads, in waves of `per_wave` chunks a thread
/// between two Ctrl-C checks (a wave ends when its slowest chunk does, so larger waves leave
/// threads idle less often); returns the results in input order.
/// Everything runs inside the pool, so rayon work that `work` starts itself (e.g. core's
/// `decide_columns` on a large piece) stays on those `threads` threads too: with one thread,
/// chunks run one after the other on it.
pub fn run_chunks<T, R, F>(
    py: Python<'_>,
    threads: Option<usize>,
    items: &[T],
    per_chunk: usize,
    per_wave: usize,
    work: F,
) -> PyResult<Vec<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> R + Sync,
{
    let threads = threads_wanted(threads)?;
    let per_chunk = per_chunk.max(1);
    let pool = pool(threads)?;
    let wave = per_chunk * threads * per_wave.max(1);
    let mut out = Vec::with_capacity(items.len().div_ceil(per_chunk));
    for wave_items in items.chunks(wave) {
        let results: Vec<R> = py.detach(|| {
            pool.install(|| {
                if threads == 1 {
                    wave_items.chunks(per_chunk).map(&work).collect()
                } else {
                    wave_items.par_chunks(per_chunk).map(&work).collect()
                }
            })
        });
        out.extend(results);
        py.check_signals()?;
    }
    Ok(out)
}
