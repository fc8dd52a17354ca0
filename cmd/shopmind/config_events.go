package main

import (
	"time"

	"github.com/shopmind/shopmind"
	recserve "github.com/shopmind/shopmind/recommend/serve"
)

// EventsConfig is the [events] section: what every door that takes events
// (the API, the importer) accepts.
type EventsConfig struct {
	// FutureSkew is how far after this server's clock an event may be
	// dated. A later one is refused (400 naming its time in the API, a bad
	// row in the importer), and training and insights leave out stored
	// ones, whose clock or year is wrong.
	FutureSkew Duration `toml:"future_skew"`
}

func defaultEventsConfig() EventsConfig {
	return EventsConfig{FutureSkew: Duration{shopmind.DefaultEventSkew}}
}

// maxFutureSkew bounds events.future_skew: a year.
const maxFutureSkew = 366 * 24 * time.Hour

// validate checks the section; errors name the field.
func (c EventsConfig) validate() error {
	if d := c.FutureSkew.Duration; d < time.Minute || d > maxFutureSkew {
		return badConfig("events.future_skew", "%s is not from 1m to %s", d, maxFutureSkew)
	}
	return nil
}

// recommendConfig is the recommendation engine's configuration: the
// [recommend] section with the events' skew, beyond which training leaves
// events out.
func (c Config) recommendConfig() recserve.ServiceConfig {
	sc := c.Recommend.serviceConfig()
	sc.EventSkew = c.Events.FutureSkew.Duration
	return sc
}

// importEvents reads the [events] section for "shopmind import".
func importEvents(env *Env) func() (EventsConfig, error) {
	return func() (EventsConfig, error) {
		c, err := loadConfig(env, "")
		return c.Events, err
	}
}
