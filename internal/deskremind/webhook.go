package deskremind

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/setu-council/setu/internal/store"
)

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the
// request body under the webhook secret.
const SignatureHeader = "X-Setu-Signature"

// Payload is the JSON body of a webhook request.
type Payload struct {
	RunID    string        `json:"run_id"`
	Delivery string        `json:"delivery"` // unique per request; the same on its retries
	SentAt   time.Time     `json:"sent_at"`
	Items    []WebhookItem `json:"items"`
}

// WebhookItem is one reminder in a webhook payload: no personal data (the
// officer's address stays out).
type WebhookItem struct {
	Key     string `json:"key"`
	Kind    string `json:"kind"`
	Subject string `json:"subject"`
	Title   string `json:"title"`
	Due     string `json:"due"`
	Level   string `json:"level,omitempty"`
	URL     string `json:"url,omitempty"`
}

// Sign returns the value of the signature header for body.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether sig is body's signature under secret, in
// constant time.
func Verify(secret string, body []byte, sig string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(sig))
}

// sendWebhook posts the reminders in batches, each signed, retried with
// back-off on a network error or a 5xx or 429 answer.
func sendWebhook(ctx context.Context, cfg Config, runID string, items []store.ReminderItem, now time.Time) (sent, failed []string, log []store.Delivery) {
	for start, n := 0, 0; start < len(items); start, n = start+cfg.BatchSize, n+1 {
		batch := items[start:min(start+cfg.BatchSize, len(items))]
		p := Payload{RunID: runID, Delivery: fmt.Sprintf("%s-%d", runID, n+1), SentAt: now.UTC(), Items: make([]WebhookItem, len(batch))}
		for i, it := range batch {
			p.Items[i] = WebhookItem{Key: it.Key, Kind: it.Kind, Subject: it.Subject, Title: it.Title, Due: it.Due, Level: it.Level, URL: link(cfg.BaseURL, it)}
		}
		body, _ := json.Marshal(p)
		sig := Sign(cfg.WebhookSecret, body)
		err := retry(ctx, cfg, func(attempt int) (bool, error) {
			status, err := post(ctx, cfg, body, sig, p.Delivery)
			d := store.Delivery{RunID: runID, Channel: ChannelWebhook, Target: cfg.WebhookURL, Attempt: attempt, Items: len(batch),
				OK: err == nil, Status: status, At: time.Now().UTC()}
			if err != nil {
				d.Error = err.Error()
			}
			log = append(log, d)
			final := err != nil && status != "" && status[0] == '4' && status != "429 Too Many Requests"
			return final, err
		})
		for _, it := range batch {
			if err == nil {
				sent = append(sent, it.Key)
			} else {
				failed = append(failed, it.Key)
			}
		}
	}
	return sent, failed, log
}

// post sends one request and returns the answer's status line.
func post(ctx context.Context, cfg Config, body []byte, sig, delivery string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Setu-Desk-Reminders/1")
	req.Header.Set(SignatureHeader, sig)
	req.Header.Set("X-Setu-Delivery", delivery)
	res, err := cfg.Client.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.Status, fmt.Errorf("webhook answered %s", res.Status)
	}
	return res.Status, nil
}
