package main

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/vision"
)

// startVision builds product vision: it loads the newest vision model from
// the store (trained by `shopmind train vision`) and checks for a newer one
// every 30 seconds; until one exists the routes answer 503. decoder is the
// process's one image decoder.
func startVision(ctx context.Context, b base, decoder *vision.Decoder) *vision.Service {
	svc := vision.NewService(b.store)
	svc.Decoder = decoder
	svc.Logger = b.logger.With("capability", "vision")
	load := func() {
		changed, err := svc.Load(ctx)
		switch {
		case err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND && ctx.Err() == nil:
			svc.Logger.Warn("load vision model", "err", err)
		case changed:
			svc.Logger.Info("vision model loaded")
		}
	}
	load()
	b.jobs.Go(func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				load()
			}
		}
	})
	return svc
}

// ImagesConfig bounds the decoding of uploaded images (POST /v1/images and
// the vision routes), which share one vision.Decoder.
type ImagesConfig struct {
	MaxDecodedMB      int64 `toml:"max_decoded_mb"`     // memory one decode may take, MiB (160)
	DecodeConcurrency int   `toml:"decode_concurrency"` // decodes at once (2)
}

func defaultImagesConfig() ImagesConfig {
	d := vision.DefaultDecoderOptions()
	return ImagesConfig{MaxDecodedMB: d.MaxBytes >> 20, DecodeConcurrency: d.Concurrency}
}

func (c ImagesConfig) validate() error {
	if c.MaxDecodedMB < 1 || c.MaxDecodedMB > 1<<20 {
		return badConfig("images.max_decoded_mb", "%d is not from 1 to 1048576", c.MaxDecodedMB)
	}
	if c.DecodeConcurrency < 1 || c.DecodeConcurrency > 1024 {
		return badConfig("images.decode_concurrency", "%d is not from 1 to 1024", c.DecodeConcurrency)
	}
	return nil
}

// decoder returns the one image decoder of a serve process.
func (c ImagesConfig) decoder() *vision.Decoder {
	return vision.NewDecoder(vision.DecoderOptions{MaxBytes: c.MaxDecodedMB << 20, Concurrency: c.DecodeConcurrency})
}
