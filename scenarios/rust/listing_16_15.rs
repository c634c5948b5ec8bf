// SPDX-License-Identifier: MIT
// Listing 16-15: ten threads share one counter through Arc<Mutex<i32>>, each
// adding 1 under the lock; main joins them all and prints "Result: 10"
// (C: scenarios/s3_2_arc_mutex.c, scenario 3.2). Listings 16-13 (the Mutex
// moved into more than one closure) and 16-14 (Rc, which is not Send) are
// the versions rustc refuses on the way here.
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let counter = Arc::new(Mutex::new(0));
    let mut handles = vec![];

    for _ in 0..10 {
        let counter = Arc::clone(&counter);
        let handle = thread::spawn(move || {
            let mut num = counter.lock().unwrap();

            *num += 1;
        });
        handles.push(handle);
    }

    for handle in handles {
        handle.join().unwrap();
    }

    println!("Result: {}", *counter.lock().unwrap());
}
