// SPDX-License-Identifier: MIT
// Not a listing of the book: section 16-4 (Send and Sync) has none, and its
// data race (scenario 4.1) cannot be written in safe Rust, because a plain
// integer shared between threads is not Sync. This is scenario 4.2 in Rust
// (C: scenarios/s4_2_atomic.c): ten threads each add 1 a thousand times to an
// AtomicUsize shared through an Arc, and no update is lost.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

fn main() {
    let counter = Arc::new(AtomicUsize::new(0));
    let mut handles = vec![];

    for _ in 0..10 {
        let counter = Arc::clone(&counter);
        handles.push(thread::spawn(move || {
            for _ in 0..1000 {
                counter.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }

    for handle in handles {
        handle.join().unwrap();
    }

    println!("Result: {} (expected 10000)", counter.load(Ordering::SeqCst));
}
