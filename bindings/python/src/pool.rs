//! The thread pool batches run on, and the loop that runs chunks on it.
//!
//! The pool belongs to this process: it is made on first use and made again when the process id
//! changes, so a child made by `fork` (e.g. `multiprocessing` on Linux) never waits on threads
//! that only exist in its parent. Work runs without the GIL, in waves of a few chunks per
//! thread; between waves the GIL is taken briefly to check for Ctrl-C (`KeyboardInterrupt`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rayon::prelude::*;
use std::sync::{Arc, Mutex};

/// The cached pool: (process id, threads, pool).
static POOL: Mutex<Option<(u32, usize, Arc<rayon::ThreadPool>)>> = Mutex::new(None);

/// Chunks per thread in one wave between two Ctrl-C checks.
const CHUNKS_PER_THREAD_PER_WAVE: usize = 32;

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
/// the GIL, on up to `threads` threads; returns the results in input order. Small inputs run on the
/// calling thread.
pub fn run_chunks<T, R, F>(
    py: Python<'_>,
    threads: Option<usize>,
    items: &[T],
    per_chunk: usize,
    work: F,
) -> PyResult<Vec<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> R + Sync,
{
    let threads = threads_wanted(threads)?;
    let per_chunk = per_chunk.max(1);
    if threads == 1 || items.len() <= per_chunk {
        let mut out = Vec::new();
        for chunk in items.chunks(per_chunk) {
            out.push(py.detach(|| work(chunk)));
            py.check_signals()?;
        }
        return Ok(out);
    }
    let pool = pool(threads)?;
    let wave = per_chunk * threads * CHUNKS_PER_THREAD_PER_WAVE;
    let mut out = Vec::with_capacity(items.len().div_ceil(per_chunk));
    for wave_items in items.chunks(wave) {
        let results: Vec<R> =
            py.detach(|| pool.install(|| wave_items.par_chunks(per_chunk).map(&work).collect()));
        out.extend(results);
        py.check_signals()?;
    }
    Ok(out)
}
