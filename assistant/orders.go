package assistant

import (
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
)

// ReturnWindow is how long after delivery an order can be returned.
const ReturnWindow = 30 * 24 * time.Hour

// statusZH names order statuses in Chinese.
var statusZH = map[shopmind.OrderStatus]string{
	shopmind.OrderPending: "待付款", shopmind.OrderPaid: "已付款", shopmind.OrderShipped: "已发货",
	shopmind.OrderDelivered: "已签收", shopmind.OrderCancelled: "已取消", shopmind.OrderReturned: "已退货",
	shopmind.OrderRefunded: "已退款",
}

func (t *turn) statusName(s shopmind.OrderStatus) string {
	if t.lang == "zh" {
		if n, ok := statusZH[s]; ok {
			return n
		}
	}
	return string(s)
}

// order looks up an order the shopper may see: another user's order, or
// one an anonymous shopper has not proved is theirs, is reported as not
// found, like a missing one.
func (t *turn) order(id string) (*shopmind.Order, error) {
	if t.e.Orders == nil || t.needsProof(id) {
		return nil, nil
	}
	o, err := t.e.Orders.Order(t.ctx, id)
	if shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("order %s: %w", id, err)
	}
	if t.userID != "" && o.UserID != t.userID {
		return nil, nil
	}
	return o, nil
}

// checkOrder validates an order number slot: the order must exist, and a
// cancellation or change must still be possible (otherwise the flow ends
// with the reason).
func (t *turn) checkOrder(f *Flow, id string) (bool, error) {
	if t.e.Orders == nil {
		t.st.Form = nil
		t.handoff = ReasonNoOrderLookup
		t.say("handoff", nil)
		return false, nil
	}
	if t.needsProof(id) {
		// Nothing is said about the order before the proof (see prove).
		return true, nil
	}
	o, err := t.order(id)
	if err != nil {
		return false, err
	}
	if o == nil {
		t.say("order_not_found", map[string]string{"order_id": id})
		return false, nil
	}
	vars := t.orderVars(o)
	switch f.Action {
	case "cancel_order":
		if o.Status != shopmind.OrderPending && o.Status != shopmind.OrderPaid {
			// One answer per status: a delivered order is returned, a
			// cancelled one needs nothing more.
			switch o.Status {
			case shopmind.OrderShipped:
				t.say("cancel_too_late", vars)
			case shopmind.OrderDelivered:
				vars["until"] = statusAt(o).Add(ReturnWindow).Format("2006-01-02")
				if t.e.now().After(statusAt(o).Add(ReturnWindow)) {
					t.say("cancel_delivered_expired", vars)
				} else {
					t.say("cancel_delivered", vars)
				}
			case shopmind.OrderCancelled:
				t.say("cancel_already", vars)
			default:
				t.say("cancel_closed", vars)
			}
			t.st.Form = nil
			t.st.LastFlow = f.Name
			t.act(shopmind.Action{Type: "order_status", OrderID: o.ID, Data: map[string]string{"status": string(o.Status)}})
			delete(t.st.Slots, SlotYesNo)
			return false, nil
		}
	case "change_order":
		if o.Status != shopmind.OrderPending && o.Status != shopmind.OrderPaid {
			t.say("change_too_late", vars)
			t.st.Form = nil
			t.st.LastFlow = f.Name
			return false, nil
		}
	}
	return true, nil
}

// statusAt is when an order took its current status.
func statusAt(o *shopmind.Order) time.Time {
	if n := len(o.History); n > 0 {
		return o.History[n-1].At
	}
	return o.UpdatedAt
}

func (t *turn) orderVars(o *shopmind.Order) map[string]string {
	since := statusAt(o)
	return map[string]string{"order_id": o.ID, "status": t.statusName(o.Status), "since": since.Format("2006-01-02")}
}

// run runs a flow's action once its slots are filled.
func (t *turn) run(f *Flow) error {
	switch f.Action {
	case "recommend":
		return t.recommend()
	}
	o, err := t.order(t.st.Slots[SlotOrderID])
	if err != nil {
		return err
	}
	if o == nil { // deleted since it was validated
		t.say("order_not_found", map[string]string{"order_id": t.st.Slots[SlotOrderID]})
		return nil
	}
	vars := t.orderVars(o)
	status := shopmind.Action{Type: "order_status", OrderID: o.ID, Data: map[string]string{"status": string(o.Status)}}
	switch f.Action {
	case "order_status":
		if o.Status == shopmind.OrderShipped {
			t.say("order_shipped", vars)
		} else {
			t.say("order_status", vars)
		}
		t.act(status)
	case "cancel_order":
		if t.st.Slots[SlotYesNo] != "yes" {
			t.say("cancel_kept", vars)
			return nil
		}
		now := t.e.now().UTC()
		c := *o
		c.Status = shopmind.OrderCancelled
		c.History = append(append([]shopmind.StatusChange(nil), o.History...), shopmind.StatusChange{Status: shopmind.OrderCancelled, At: now})
		c.UpdatedAt = time.Time{}
		if err := t.e.Orders.UpsertOrders(t.ctx, []*shopmind.Order{&c}); err != nil {
			return fmt.Errorf("cancel order %s: %w", o.ID, err)
		}
		t.say("cancel_done", vars)
		t.act(shopmind.Action{Type: "order_cancelled", OrderID: o.ID})
	case "change_order":
		t.say("change_handoff", vars)
		t.handoff = ReasonChangeRequest
		t.act(status)
	case "return_refund":
		t.returnOrRefund(o, vars)
		t.act(status)
	}
	return nil
}

func (t *turn) returnOrRefund(o *shopmind.Order, vars map[string]string) {
	switch o.Status {
	case shopmind.OrderDelivered:
		until := statusAt(o).Add(ReturnWindow)
		vars["until"] = until.Format("2006-01-02")
		if t.e.now().After(until) {
			t.say("return_expired", vars)
			return
		}
		t.say("return_ok", vars)
		t.act(shopmind.Action{Type: "return_started", OrderID: o.ID})
	case shopmind.OrderRefunded, shopmind.OrderReturned:
		t.say("refund_done", vars)
	default:
		t.say("return_not_delivered", vars)
	}
}
