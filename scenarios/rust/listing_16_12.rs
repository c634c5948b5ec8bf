// SPDX-License-Identifier: MIT
// Listing 16-12: the value inside a Mutex is reached only through the guard
// lock returns, and the lock is released when the guard goes out of scope
// (C: scenarios/s3_1_mutex.c, scenario 3.1). Rust prints the Mutex itself
// with {:?}: "m = Mutex { data: 6, poisoned: false, .. }".
use std::sync::Mutex;

fn main() {
    let m = Mutex::new(5);

    {
        let mut num = m.lock().unwrap();
        *num = 6;
    }

    println!("m = {:?}", m);
}
