//go:build !linux

package main

// lowerThreadPriority does nothing where nice values are not per thread.
func lowerThreadPriority(n int) error { return nil }

// lowerProcessPriority does nothing outside Linux.
func lowerProcessPriority(n int) error { return nil }
