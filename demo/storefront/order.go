package storefront

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// placeOrder is what the shop's own server does at checkout: it prices the
// cart from the catalog (never from the page), and sends the order to
// shopmind with its secret key, as any shop backend sends its orders
// (PUT /v1/orders/{id}). The key stays on the server: pages only ever hold
// the publishable key. visitor is the tracker's visitor id the page sent,
// when the shopper allows tracking; otherwise the order is a guest's.
func (h *Handler) placeOrder(ctx context.Context, ids []string, visitor string) (*shopmind.Order, error) {
	var suffix [5]byte
	if _, err := rand.Read(suffix[:]); err != nil {
		return nil, err
	}
	now := h.now().UTC()
	user := visitor
	if !strings.HasPrefix(user, "v_") || shopmind.ValidateID("user_id", user) != nil {
		user = "guest_" + hex.EncodeToString(suffix[:])
	}
	o := &shopmind.Order{ID: "SHOP-" + strings.ToUpper(hex.EncodeToString(suffix[:])), UserID: user,
		Status: shopmind.OrderPaid, CreatedAt: now, UpdatedAt: now}
	lines := map[string]int{} // item id -> index in o.Lines
	for _, id := range ids {
		it, err := h.cat.Item(ctx, id)
		if err != nil || !it.Active {
			continue
		}
		if k, ok := lines[id]; ok {
			o.Lines[k].Quantity++
		} else {
			lines[id] = len(o.Lines)
			o.Lines = append(o.Lines, shopmind.OrderLine{ItemID: id, Quantity: 1, UnitPrice: it.Price})
		}
		o.Total += it.Price
		o.Currency = it.Currency
	}
	if len(o.Lines) == 0 {
		return nil, fmt.Errorf("the cart is empty")
	}
	o.Total = math.Round(o.Total*100) / 100
	// The API keeps orders of known customers: a first-time buyer is
	// added first, as a shop's backend adds a new customer.
	switch err := h.call(ctx, http.MethodGet, "/v1/users/"+url.PathEscape(user), nil); {
	case err == errNotFound:
		if err := h.call(ctx, http.MethodPut, "/v1/users/"+url.PathEscape(user), &shopmind.User{ID: user,
			Attributes: map[string]string{"source": "storefront"}}); err != nil {
			return nil, fmt.Errorf("add the customer: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("look up the customer: %w", err)
	}
	if err := h.call(ctx, http.MethodPut, "/v1/orders/"+url.PathEscape(o.ID), o); err != nil {
		return nil, fmt.Errorf("send the order: %w", err)
	}
	return o, nil
}

var errNotFound = errors.New("not found")

// call sends one request to the API with the secret key; a 404 is
// errNotFound, another non-2xx answer an error with its message.
func (h *Handler) call(ctx context.Context, method, path string, body any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.opts.API+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+h.opts.SecretKey)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := h.client().Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	switch {
	case res.StatusCode == http.StatusNotFound:
		return errNotFound
	case res.StatusCode/100 != 2:
		return fmt.Errorf("%s: %s", res.Status, bytes.TrimSpace(msg))
	}
	return nil
}

func (h *Handler) client() *http.Client {
	if h.opts.Client != nil {
		return h.opts.Client
	}
	return &http.Client{Timeout: 15 * time.Second}
}

func (h *Handler) now() time.Time {
	if h.opts.Now != nil {
		return h.opts.Now()
	}
	return time.Now()
}
