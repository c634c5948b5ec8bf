// SPDX-License-Identifier: MIT
// Listing 16-5: a move closure takes ownership of the vector, so the thread
// may use it however long it runs. Listings 16-3 (the closure only borrows
// v) and 16-4 (main also drops v) are the versions rustc refuses; this is
// the one the book arrives at (C: scenarios/s1_3_move.c, scenario 1.3).
use std::thread;

fn main() {
    let v = vec![1, 2, 3];

    let handle = thread::spawn(move || {
        println!("Here's a vector: {:?}", v);
    });

    handle.join().unwrap();
}
