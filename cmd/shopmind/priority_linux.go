//go:build linux

package main

import (
	"os"
	"strconv"
	"syscall"
)

// Linux keeps a nice value per thread: setpriority(PRIO_PROCESS, 0, n)
// changes only the calling thread, and a new thread inherits its creator's.
// The raw getpriority returns 20 - nice.

// lowerThreadPriority raises the calling OS thread's nice value to n (never
// lowers it). The caller must keep its goroutine locked to the thread
// (runtime.LockOSThread) and let the thread end with the goroutine, so no
// other goroutine ever runs at that priority; Go creates new threads from a
// template thread, not from a locked one, so they keep the default.
func lowerThreadPriority(n int) error {
	return raiseNice(syscall.Gettid(), n)
}

// lowerProcessPriority raises the nice value of every thread of the process
// to n (never lowers it); threads created later inherit it.
func lowerProcessPriority(n int) error {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return raiseNice(0, n)
	}
	for _, t := range tasks {
		if tid, err := strconv.Atoi(t.Name()); err == nil {
			if err := raiseNice(tid, n); err != nil && err != syscall.ESRCH {
				return err
			}
		}
	}
	return nil
}

func raiseNice(tid, n int) error {
	prio, err := syscall.Getpriority(syscall.PRIO_PROCESS, tid)
	if err != nil {
		return err
	}
	if 20-prio >= n {
		return nil
	}
	return syscall.Setpriority(syscall.PRIO_PROCESS, tid, n)
}
