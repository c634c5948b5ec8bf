// SPDX-License-Identifier: MIT
// waits_rust.rs - a small Rust program for the shim's futex test: Rust's
// standard library blocks through futex(2) called with glibc's syscall(),
// not through pthreads. "condwaiter" waits on a Condvar until main sets the
// flag, "receiver" blocks on an mpsc channel until main sends, and "parked"
// parks until main unparks it. Prints "done" when all went as planned.
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

fn main() {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let pair2 = Arc::clone(&pair);
    let condwaiter = thread::Builder::new()
        .name("condwaiter".into())
        .spawn(move || {
            let (lock, cvar) = &*pair2;
            let mut ready = lock.lock().unwrap();
            while !*ready {
                ready = cvar.wait(ready).unwrap();
            }
        })
        .unwrap();
    thread::sleep(Duration::from_millis(50));
    {
        let (lock, cvar) = &*pair;
        *lock.lock().unwrap() = true;
        cvar.notify_one();
    }
    condwaiter.join().unwrap();

    let (tx, rx) = mpsc::channel::<u32>();
    let receiver = thread::Builder::new()
        .name("receiver".into())
        .spawn(move || rx.recv().unwrap())
        .unwrap();
    thread::sleep(Duration::from_millis(50));
    tx.send(7).unwrap();
    assert_eq!(receiver.join().unwrap(), 7);

    let parked = thread::Builder::new()
        .name("parked".into())
        .spawn(|| thread::park())
        .unwrap();
    thread::sleep(Duration::from_millis(50));
    parked.thread().unpark();
    parked.join().unwrap();
    println!("done");
}
