package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/cbb-alliance/cbb/api"
	"github.com/cbb-alliance/cbb/api/client"
	"github.com/cbb-alliance/cbb/layers/data"
	"github.com/cbb-alliance/cbb/layers/middle"
	"github.com/cbb-alliance/cbb/layers/model"
	"github.com/cbb-alliance/cbb/retrieval"
	"github.com/cbb-alliance/cbb/retrieval/index"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// app holds what every command shares: the global flags, the output
// streams and the store, opened on first use.
type app struct {
	storeDir string
	logLevel string
	// member is the acting member of every command: whose rights a read
	// is filtered by, and who a write is recorded as.
	member string
	// server and key, when server is set, send the commands that the
	// service offers to a running cbb serve as the key's holder.
	server, key string
	stdout      io.Writer
	stderr      io.Writer
	log         *slog.Logger
	store       *data.Store
	// core is the application core over the store, opened with it.
	core *api.Core
}

// defaultStore is where the store lives when neither --store nor
// CBB_STORE says otherwise.
const defaultStore = "cbb-data"

// Run runs the cbb command line with args (without the program name) and
// returns the exit status. Tests call it directly.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if cerr := a.close(); err == nil {
		err = cerr
	}
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "cbb: %v\nRun 'cbb help' for usage.\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "cbb: %v\n", err)
	return exitError
}

type usageError struct{ error }

func (a *app) rootCommand() *cobra.Command {
	env := os.Getenv("CBB_STORE")
	if env == "" {
		env = defaultStore
	}
	actor := os.Getenv("CBB_MEMBER")
	if actor == "" {
		actor = string(localMember.ID)
	}
	root := &cobra.Command{
		Use:   "cbb",
		Short: "Common Building Blocks: keep an alliance's reusable design units and find them again",
		Long: `cbb keeps an industrial alliance's reusable design units (product families,
products, modules, parts) imported from members' PDM systems and BOM files, and
finds them again.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			var lvl slog.Level
			if err := lvl.UnmarshalText([]byte(a.logLevel)); err != nil {
				return usageError{fmt.Errorf("--log-level %q: want debug, info, warn or error", a.logLevel)}
			}
			a.log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: lvl}))
			return nil
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVar(&a.storeDir, "store", env, "store folder (default from $CBB_STORE, else ./cbb-data)")
	root.PersistentFlags().StringVar(&a.logLevel, "log-level", "warn", "log level: debug, info, warn, error")
	root.PersistentFlags().StringVar(&a.server, "server", os.Getenv("CBB_SERVER"), "a running cbb serve to talk to instead of the store (default $CBB_SERVER)")
	root.PersistentFlags().StringVar(&a.key, "key", os.Getenv("CBB_KEY"), "the API key to talk to the server with (default $CBB_KEY); it says the acting member")
	root.PersistentFlags().StringVar(&a.member, "member", actor, "acting member: whose rights reads are filtered by and who writes are recorded as (default from $CBB_MEMBER, else local; "+string(model.Administrator)+" is the alliance administrator)")
	root.AddCommand(
		a.importCommand(),
		a.showCommand(),
		a.whereUsedCommand(),
		a.statsCommand(),
		a.backupCommand(),
		a.restoreCommand(),
		a.memberCommand(),
		a.queryCommand(),
		a.duplicatesCommand(),
		a.reindexCommand(),
		a.rationalizeCommand(),
		a.ruleCommand(),
		a.rdCommand(),
		a.designCommand(),
		a.variabilityCommand(),
		a.demoCommand(),
		a.licenceCommand(),
		a.projectCommand(),
		a.auditCommand(),
		a.migrateCommand(),
		a.technologyCommand(),
		a.serveCommand(),
		a.keyCommand(),
	)
	return root
}

// openStore opens the store on first use; only the commands that create a
// store (import, member add, demo; restore makes its own) pass create, so
// that a mistyped --store is an error, not a new empty store.
func (a *app) openStore(ctx context.Context, create bool) (*data.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	s, err := data.Open(ctx, a.storeDir, data.Options{Logger: a.log, MustExist: !create})
	if err != nil {
		return nil, err
	}
	a.store = s
	a.core = api.NewCore(s, a.log)
	return s, nil
}

// openIndex returns the store's search index, opened on first use and
// in step with the store on every use (see api.Core.Index): a command may
// write, then search.
func (a *app) openIndex(ctx context.Context, _ *data.Store) (*index.Index, retrieval.SyncReport, error) {
	return a.core.Index(ctx)
}

// session is the application core as the acting member uses it.
func (a *app) session(ctx context.Context) (*api.Session, error) {
	if _, err := a.openStore(ctx, false); err != nil {
		return nil, err
	}
	ses, err := a.core.AsMember(ctx, model.MemberID(a.member))
	if model.Code(err) == model.NotFound {
		return nil, model.Errorf(model.NotFound, "no member %s in %s: act as a member with --member (or $CBB_MEMBER)", a.member, a.storeDir)
	}
	return ses, err
}

// close closes the index before the store it follows.
func (a *app) close() error {
	var errs []error
	if a.core != nil {
		errs = append(errs, a.core.Close())
		a.core = nil
	}
	if a.store != nil {
		errs = append(errs, a.store.Close())
		a.store = nil
	}
	return errors.Join(errs...)
}

// viewer returns the acting member's rights.
func (a *app) viewer(ctx context.Context, s *data.Store) (model.Viewer, error) {
	v, err := s.Viewer(ctx, model.MemberID(a.member))
	if model.Code(err) == model.NotFound {
		return v, model.Errorf(model.NotFound, "no member %s in %s: act as a member with --member (or $CBB_MEMBER)", a.member, a.storeDir)
	}
	return v, err
}

// view returns the store as the acting member sees it.
func (a *app) view(ctx context.Context, s *data.Store) (*data.View, error) {
	v, err := a.viewer(ctx, s)
	if err != nil {
		return nil, err
	}
	return s.As(v), nil
}

// resolve finds the item an argument names among those the viewer of s
// may see (see api.Session.Resolve).
func (a *app) resolve(ctx context.Context, s *data.View, arg string) (model.ItemID, error) {
	return a.core.AsViewer(s.Viewer()).Resolve(ctx, arg)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// withStore makes a command's RunE that opens an existing store (once),
// checks that the acting member is one of its members (or the
// administrator), and hands the store to fn with the command's context.
func (a *app) withStore(fn func(ctx context.Context, s *data.Store, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		s, err := a.openStore(cmd.Context(), false)
		if err != nil {
			return err
		}
		if _, err := a.viewer(cmd.Context(), s); err != nil {
			return err
		}
		return fn(cmd.Context(), s, args)
	}
}

// withView makes a command's RunE that opens an existing store and hands
// fn the store as the acting member sees it: how every read command
// reads.
func (a *app) withView(fn func(ctx context.Context, s *data.View, args []string) error) func(*cobra.Command, []string) error {
	return a.withStore(func(ctx context.Context, s *data.Store, args []string) error {
		w, err := a.view(ctx, s)
		if err != nil {
			return err
		}
		return fn(ctx, w, args)
	})
}

// library returns the middle layer as the acting member uses it, and the
// store as that member sees it.
func (a *app) library(ctx context.Context, s *data.Store) (*middle.Library, *data.View, error) {
	v, err := a.viewer(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	return middle.For(s, v), s.As(v), nil
}

// withService makes a command's RunE that hands fn the application core
// as the acting member uses it.
func (a *app) withService(fn func(ctx context.Context, svc api.Service, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		svc, err := a.service(cmd.Context())
		if err != nil {
			return err
		}
		return fn(cmd.Context(), svc, args)
	}
}

// service is the application core as the acting member uses it: over
// HTTP as the key's holder when a server is named, else over the store in
// this process; when the store is held by a running server that left its
// address in the store, over HTTP to it, saying so.
func (a *app) service(ctx context.Context) (api.Service, error) {
	if a.server != "" {
		return a.remote(a.server)
	}
	ses, err := a.session(ctx)
	if model.Code(err) != model.Busy {
		return ses, err
	}
	info, ok := a.runningServer()
	if !ok {
		return nil, err
	}
	fmt.Fprintf(a.stderr, "cbb: the store is held by a running server; using it at %s\n", info.URL)
	return a.remote(info.URL)
}

// remote is the service of the server at url, as the key's holder.
func (a *app) remote(url string) (api.Service, error) {
	if a.key == "" {
		return nil, usageError{fmt.Errorf("talking to the server at %s needs an API key: --key or $CBB_KEY ('cbb key create' makes one)", url)}
	}
	return &client.Client{Base: url, Key: a.key}, nil
}
