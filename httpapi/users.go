package httpapi

import (
	"net/http"

	"github.com/shopmind/shopmind"
)

// UserList is a page of users.
type UserList struct {
	Users []*shopmind.User `json:"users"`
	Next  string           `json:"next"`
}

// UserBatch is the body of POST /v1/users.
type UserBatch struct {
	Users []*shopmind.User `json:"users"`
}

func (s *Server) userRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/v1/users", Summary: "List users in id order", Tag: "users",
			Role: shopmind.RoleRead, Response: UserList{}, Handler: s.handleUsers, Params: []Param{paramAfter, paramLimit}},
		{Method: "POST", Pattern: "/v1/users", Summary: "Insert or replace users by id (at most 10,000)", Tag: "users",
			Role: shopmind.RoleWrite, Request: UserBatch{}, Response: Upserted{}, Handler: s.handleUpsertUsers},
		{Method: "GET", Pattern: "/v1/users/{id}", Summary: "Get a user", Tag: "users",
			Role: shopmind.RoleRead, Response: shopmind.User{}, Handler: s.handleUser},
		{Method: "PUT", Pattern: "/v1/users/{id}", Summary: "Insert or replace a user (body id empty or equal to the path's)", Tag: "users",
			Role: shopmind.RoleWrite, Request: shopmind.User{}, Response: shopmind.User{}, Handler: s.handlePutUser},
		{Method: "DELETE", Pattern: "/v1/users/{id}", Summary: "Delete a user record and their personal data (admin: it erases personal data; events, orders, reviews and conversations are kept, POST /v1/users/{id}/erase erases everything)", Tag: "users",
			Role: shopmind.RoleAdmin, Status: http.StatusNoContent, Handler: s.handleDeleteUser,
			Audit: shopmind.AuditUserDelete, AuditTarget: "user"},
		{Method: "GET", Pattern: "/v1/users/{id}/personal", Summary: "Get a user's personal data", Tag: "users",
			Role: shopmind.RoleAdmin, Response: shopmind.UserPersonal{}, Handler: s.handlePersonal,
			Audit: shopmind.AuditPersonalRead, AuditTarget: "user"},
		{Method: "PUT", Pattern: "/v1/users/{id}/personal", Summary: "Set an existing user's personal data (body user_id empty or equal to the path's)", Tag: "users",
			Role: shopmind.RoleAdmin, Request: shopmind.UserPersonal{}, Response: shopmind.UserPersonal{}, Handler: s.handlePutPersonal,
			Audit: shopmind.AuditPersonalWrite, AuditTarget: "user"},
		{Method: "DELETE", Pattern: "/v1/users/{id}/personal", Summary: "Erase a user's personal data (not an error when there is none)", Tag: "users",
			Role: shopmind.RoleAdmin, Status: http.StatusNoContent, Handler: s.handleErasePersonal,
			Audit: shopmind.AuditPersonalErase, AuditTarget: "user"},
		{Method: "GET", Pattern: "/v1/users/{id}/events", Summary: "A user's most recent events, newest first", Tag: "users",
			Role: shopmind.RoleRead, Response: EventList{}, Handler: s.handleUserEvents, Params: []Param{paramLimit}},
		s.userConversationRoute(),
	}
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r.URL)
	f := shopmind.UserFilter{After: q.String("after"), Limit: q.Limit()}
	if q.err != nil {
		s.Error(w, r, q.err)
		return
	}
	users, next, err := s.users.Users(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, UserList{Users: nonNil(users), Next: next})
}

func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
	u, err := s.users.User(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, u)
}

func (s *Server) handlePutUser(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	u, err := decodeOne[shopmind.User](s, w, r, "id", id, func(u *shopmind.User) *string { return &u.ID })
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.users.UpsertUsers(r.Context(), []*shopmind.User{u}); err != nil {
		s.Error(w, r, err)
		return
	}
	stored, err := s.users.User(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, stored)
}

func (s *Server) handleUpsertUsers(w http.ResponseWriter, r *http.Request) {
	users, err := decodeBatch[shopmind.User](s, w, r, "users", maxBatch)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if len(users) > 0 {
		if err := s.users.UpsertUsers(r.Context(), users); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	WriteJSON(w, http.StatusOK, Upserted{Upserted: len(users)})
}

func (s *Server) handleDeleteUser(w http.ResponseWriter, r *http.Request) {
	if err := s.users.DeleteUser(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	s.log.Info("user deleted", "user", r.PathValue("id"), "by", KeyFromContext(r.Context()).ID)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handlePersonal(w http.ResponseWriter, r *http.Request) {
	p, err := s.users.UserPersonal(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, p)
}

func (s *Server) handlePutPersonal(w http.ResponseWriter, r *http.Request) {
	p, err := decodeOne[shopmind.UserPersonal](s, w, r, "user_id", r.PathValue("id"),
		func(p *shopmind.UserPersonal) *string { return &p.UserID })
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.users.SetUserPersonal(r.Context(), p); err != nil {
		s.Error(w, r, err)
		return
	}
	s.log.Info("personal data set", "user", p.UserID, "by", KeyFromContext(r.Context()).ID)
	WriteJSON(w, http.StatusOK, p)
}

func (s *Server) handleErasePersonal(w http.ResponseWriter, r *http.Request) {
	if err := s.users.ErasePersonal(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	s.log.Info("personal data erased", "user", r.PathValue("id"), "by", KeyFromContext(r.Context()).ID)
	w.WriteHeader(http.StatusNoContent)
}
