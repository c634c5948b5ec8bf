// SPDX-License-Identifier: MIT
// The variant of listing 16-2 the book shows next in its text (no listing
// number of its own): join right after the spawn, before main's loop, so
// nothing interleaves (C: scenarios/s1_2b_join_first.c, scenario 1.2b).
mod speed;
use speed::scaled;
use std::thread;
use std::time::Duration;

fn main() {
    let handle = thread::spawn(|| {
        for i in 1..10 {
            println!("hi number {} from the spawned thread!", i);
            thread::sleep(scaled(Duration::from_millis(1)));
        }
    });

    handle.join().unwrap();

    for i in 1..5 {
        println!("hi number {} from the main thread!", i);
        thread::sleep(scaled(Duration::from_millis(1)));
    }
}
