// SPDX-License-Identifier: MIT
// Not a listing of the book: the chapter only warns that Mutex can deadlock.
// Scenario 3.3 in Rust (C: scenarios/s3_3_deadlock.c): two threads lock
// mutexes A and B in opposite orders with a short sleep between, and both
// wait for ever. Rust's Mutex blocks in futex(2), which names no owner, so
// the trace shows both threads blocked to the end but `ctrace check` cannot
// draw the wait-for cycle it finds in the C program.
mod speed;
use speed::scaled;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

fn main() {
    let a = Arc::new(Mutex::new(0));
    let b = Arc::new(Mutex::new(0));

    let (a1, b1) = (Arc::clone(&a), Arc::clone(&b));
    let first = thread::Builder::new()
        .name("a-then-b".into())
        .spawn(move || {
            let _x = a1.lock().unwrap();
            thread::sleep(scaled(Duration::from_millis(100)));
            let _y = b1.lock().unwrap();
        })
        .unwrap();

    let (a2, b2) = (Arc::clone(&a), Arc::clone(&b));
    let second = thread::Builder::new()
        .name("b-then-a".into())
        .spawn(move || {
            let _y = b2.lock().unwrap();
            thread::sleep(scaled(Duration::from_millis(100)));
            let _x = a2.lock().unwrap();
        })
        .unwrap();

    first.join().unwrap();
    second.join().unwrap();
    println!("never printed: the two threads wait for each other");
}
