package privacy

import "github.com/shopmind/shopmind"

// RedactTurn returns a copy of t whose reply, slot values and action data
// are redacted as Redact does; t is not changed. The e-mail slot is
// replaced whole: it holds an address by definition.
func RedactTurn(t *shopmind.Turn) *shopmind.Turn {
	if t == nil {
		return nil
	}
	c := *t
	c.Reply = Redact(t.Reply)
	if t.Slots != nil {
		c.Slots = make(map[string]string, len(t.Slots))
		for k, v := range t.Slots {
			if k == "email" && v != "" {
				c.Slots[k] = EmailMark
				continue
			}
			c.Slots[k] = Redact(v)
		}
	}
	if t.Actions != nil {
		c.Actions = make([]shopmind.Action, len(t.Actions))
		for i, a := range t.Actions {
			c.Actions[i] = a
			if a.Data != nil {
				c.Actions[i].Data = make(map[string]string, len(a.Data))
				for k, v := range a.Data {
					c.Actions[i].Data[k] = Redact(v)
				}
			}
		}
	}
	return &c
}
