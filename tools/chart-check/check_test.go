// Checks of helm/grain-pipeline rendered by ./render (Go text/template + sprig, as Helm renders),
// for the default values and for override sets, plus checks of packaging/container/Dockerfile.
// Run through tools/chart-check/run, which sets up GOPATH mode with Debian's Go packages.
package chartcheck

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

const (
	repoRoot = "../.."
	chartDir = repoRoot + "/helm/grain-pipeline"
)

var renderBin string

// TestMain builds the renderer once (or uses CHART_RENDER) so that `go test` works on its own.
func TestMain(m *testing.M) {
	renderBin = os.Getenv("CHART_RENDER")
	if renderBin == "" {
		dir, err := os.MkdirTemp("", "chart-render")
		if err != nil {
			panic(err)
		}
		defer os.RemoveAll(dir)
		renderBin = filepath.Join(dir, "render")
		if out, err := exec.Command("go", "build", "-o", renderBin, "./render").CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "building the renderer failed: %v\n%s", err, out)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// ---- rendering and navigating the output ----

type obj = map[string]interface{}

type manifest struct {
	raw  string
	docs []obj
}

// run renders with the given arguments (-f FILE, --set k=v, --notes); it returns stdout, stderr
// and whether the renderer succeeded.
func run(t *testing.T, args ...string) (string, string, bool) {
	t.Helper()
	cmd := exec.Command(renderBin, append(args, chartDir)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err == nil
}

func render(t *testing.T, args ...string) manifest {
	t.Helper()
	out, errText, ok := run(t, args...)
	if !ok {
		t.Fatalf("render %v failed: %s", args, errText)
	}
	m := manifest{raw: out}
	dec := yaml.NewDecoder(strings.NewReader(out))
	for {
		var d obj
		err := dec.Decode(&d)
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("rendered output is not valid YAML: %v\n%s", err, out)
		}
		if d != nil {
			m.docs = append(m.docs, d)
		}
	}
	return m
}

// values writes a values file for -f and returns the two arguments.
func values(t *testing.T, text string) []string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "values.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{"-f", p}
}

// get walks maps by key and lists by decimal index; nil when any step is missing.
func get(v interface{}, path ...string) interface{} {
	for _, p := range path {
		switch x := v.(type) {
		case obj:
			v = x[p]
		case []interface{}:
			i, err := strconv.Atoi(p)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func str(v interface{}, path ...string) string {
	if s, ok := get(v, path...).(string); ok {
		return s
	}
	return ""
}

func list(v interface{}, path ...string) []interface{} {
	l, _ := get(v, path...).([]interface{})
	return l
}

func (m manifest) ofKind(kind string) []obj {
	var out []obj
	for _, d := range m.docs {
		if d["kind"] == kind {
			out = append(out, d)
		}
	}
	return out
}

func (m manifest) one(t *testing.T, kind, nameSuffix string) obj {
	t.Helper()
	for _, d := range m.ofKind(kind) {
		if strings.HasSuffix(str(d, "metadata", "name"), nameSuffix) {
			return d
		}
	}
	t.Fatalf("no %s named *%s in the output", kind, nameSuffix)
	return nil
}

func (m manifest) silo(t *testing.T) obj { return m.one(t, "StatefulSet", "-silo") }
func (m manifest) collector(t *testing.T) obj {
	return m.one(t, "Deployment", "-collector")
}

func container(w obj) obj {
	c, _ := get(w, "spec", "template", "spec", "containers", "0").(obj)
	return c
}

func envOf(w obj) map[string]obj {
	out := map[string]obj{}
	for _, e := range list(container(w), "env") {
		out[str(e, "name")] = e.(obj)
	}
	return out
}

func args(w obj) []string {
	var out []string
	for _, a := range list(container(w), "args") {
		out = append(out, fmt.Sprint(a))
	}
	return out
}

func intOf(v interface{}) int {
	switch x := v.(type) {
	case int:
		return x
	case float64:
		return int(x)
	}
	return -1
}

func subset(small, big interface{}) bool {
	s, _ := small.(obj)
	b, _ := big.(obj)
	if len(s) == 0 {
		return false // an empty selector would select everything
	}
	for k, v := range s {
		if b[k] != v {
			return false
		}
	}
	return true
}

// ---- the checks ----

func TestEveryDocumentIsAKubernetesObject(t *testing.T) {
	for _, set := range [][]string{nil, {"--set", "collector.enabled=false"}, {"--set", "silo.stores=memory,silo.replicas=1"}} {
		m := render(t, set...)
		if len(m.docs) == 0 {
			t.Fatalf("%v: nothing rendered", set)
		}
		if n := strings.Count(m.raw, "# Source: grain-pipeline/templates/"); n != len(m.docs) {
			t.Errorf("%v: %d Source headers for %d documents", set, n, len(m.docs))
		}
		for _, d := range m.docs {
			name := str(d, "metadata", "name")
			if str(d, "apiVersion") == "" || str(d, "kind") == "" || name == "" {
				t.Errorf("%v: document without apiVersion, kind or metadata.name: %v", set, d)
			}
			if len(name) > 63 || !regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`).MatchString(name) {
				t.Errorf("%v: %q is not a valid object name", set, name)
			}
			if str(d, "metadata", "labels", "app.kubernetes.io/managed-by") != "Helm" {
				t.Errorf("%v: %s %s lacks the standard labels", set, d["kind"], name)
			}
		}
		if strings.Contains(m.raw, "<no value>") {
			t.Errorf("%v: output holds <no value>", set)
		}
	}
}

func TestDefaultRenderHasTheExpectedObjects(t *testing.T) {
	m := render(t)
	want := map[string]int{"StatefulSet": 1, "Deployment": 1, "Service": 3, "PodDisruptionBudget": 2, "Secret": 1, "ServiceAccount": 1}
	for kind, n := range want {
		if got := len(m.ofKind(kind)); got != n {
			t.Errorf("%d %s objects, want %d", got, kind, n)
		}
	}
	if len(m.ofKind("ConfigMap")) != 0 {
		t.Error("a ConfigMap is rendered although config is empty")
	}
	s := m.silo(t)
	if intOf(get(s, "spec", "replicas")) != 3 || str(get(s, "spec"), "podManagementPolicy") != "Parallel" {
		t.Errorf("silo StatefulSet: replicas %v, podManagementPolicy %v", get(s, "spec", "replicas"), get(s, "spec", "podManagementPolicy"))
	}
	headless := m.one(t, "Service", "-silo-headless")
	if str(s, "spec", "serviceName") != str(headless, "metadata", "name") || str(headless, "spec", "clusterIP") != "None" {
		t.Errorf("StatefulSet serviceName %q is not the headless Service", str(s, "spec", "serviceName"))
	}
}

func TestGracePeriodIsTheStopTimeoutsPlusMargin(t *testing.T) {
	cases := []struct {
		set   string
		grace int
	}{
		{"", 30 + 20 + 10 + 15},
		{"silo.shutdown.drainTimeoutSeconds=45", 45 + 20 + 10 + 15},
		{"silo.shutdown.bulkDeactivationTimeoutSeconds=100", 30 + 100 + 10 + 15},
		{"silo.shutdown.handOverTimeoutSeconds=3", 30 + 20 + 3 + 15},
		{"silo.shutdown.marginSeconds=0", 60},
	}
	for _, c := range cases {
		var a []string
		if c.set != "" {
			a = []string{"--set", c.set}
		}
		got := intOf(get(render(t, a...).silo(t), "spec", "template", "spec", "terminationGracePeriodSeconds"))
		if got != c.grace {
			t.Errorf("--set %q: terminationGracePeriodSeconds %d, want %d", c.set, got, c.grace)
		}
	}
}

func TestShutdownTimeoutsArePassedAsTimeSpans(t *testing.T) {
	cases := []struct {
		set                   string
		drain, bulk, handOver string
	}{
		{"", "00:00:30", "00:00:20", "00:00:10"},
		{"silo.shutdown.drainTimeoutSeconds=90,silo.shutdown.handOverTimeoutSeconds=3661", "00:01:30", "00:00:20", "01:01:01"},
		{"silo.shutdown.bulkDeactivationTimeoutSeconds=90061", "00:00:30", "1.01:01:01", "00:00:10"},
	}
	for _, c := range cases {
		var a []string
		if c.set != "" {
			a = []string{"--set", c.set}
		}
		env := envOf(render(t, a...).silo(t))
		for name, want := range map[string]string{"Ingest__DrainTimeout": c.drain, "Runtime__BulkDeactivationTimeout": c.bulk, "Flusher__HandOverTimeout": c.handOver} {
			if got := str(env[name], "value"); got != want {
				t.Errorf("--set %q: %s = %q, want %q", c.set, name, got, want)
			}
		}
	}
}

func TestProbesUseTheNamedPortTheServicesTarget(t *testing.T) {
	for _, portSet := range []string{"silo.port=8080,collector.port=8081", "silo.port=9090,collector.port=9191"} {
		m := render(t, "--set", portSet)
		for _, c := range []struct {
			workload obj
			portEnv  string
			services []string
		}{
			{m.silo(t), "Dashboard__Port", []string{"-silo", "-silo-headless"}},
			{m.collector(t), "Collector__Port", []string{"-collector"}},
		} {
			ctr := container(c.workload)
			ports := list(ctr, "ports")
			if len(ports) != 1 || str(ports[0], "name") == "" {
				t.Fatalf("%s: want one named container port, got %v", ctr["name"], ports)
			}
			name, number := str(ports[0], "name"), intOf(get(ports[0], "containerPort"))
			if env := str(envOf(c.workload)[c.portEnv], "value"); env != strconv.Itoa(number) {
				t.Errorf("%s: %s=%q but the container port is %d", ctr["name"], c.portEnv, env, number)
			}
			for probe, path := range map[string]string{"livenessProbe": "/healthz", "readinessProbe": "/readyz", "startupProbe": "/healthz"} {
				if got := str(ctr, probe, "httpGet", "path"); got != path {
					t.Errorf("%s %s path %q, want %q", ctr["name"], probe, got, path)
				}
				if got := fmt.Sprint(get(ctr, probe, "httpGet", "port")); got != name {
					t.Errorf("%s %s port %q, want the named port %q", ctr["name"], probe, got, name)
				}
			}
			for _, suffix := range c.services {
				svc := m.one(t, "Service", suffix)
				if got := fmt.Sprint(get(svc, "spec", "ports", "0", "targetPort")); got != name {
					t.Errorf("Service *%s targets %q, want %q", suffix, got, name)
				}
				if p := str(svc, "metadata", "annotations", "prometheus.io/port"); p != "" && p != strconv.Itoa(number) {
					t.Errorf("Service *%s: prometheus.io/port %s, container port %d", suffix, p, number)
				}
			}
		}
	}
	// A generous start-up budget for the silo: store connections and migrations come first.
	s := container(render(t).silo(t))
	if budget := intOf(get(s, "startupProbe", "periodSeconds")) * intOf(get(s, "startupProbe", "failureThreshold")); budget < 120 {
		t.Errorf("silo startupProbe allows %d s, want at least 120", budget)
	}
}

func TestSelectorsMatchPodLabels(t *testing.T) {
	m := render(t)
	workloads := map[string]obj{"silo": m.silo(t), "collector": m.collector(t)}
	for name, w := range workloads {
		if !subset(get(w, "spec", "selector", "matchLabels"), get(w, "spec", "template", "metadata", "labels")) {
			t.Errorf("%s: selector %v does not match its pod labels %v", name, get(w, "spec", "selector", "matchLabels"), get(w, "spec", "template", "metadata", "labels"))
		}
	}
	check := func(what string, selector interface{}, want string) {
		for name, w := range workloads {
			matches := subset(selector, get(w, "spec", "template", "metadata", "labels"))
			if matches != (name == want) {
				t.Errorf("%s selects %s pods: %v, want %v", what, name, matches, name == want)
			}
		}
	}
	for _, svc := range m.ofKind("Service") {
		n := str(svc, "metadata", "name")
		want := "silo"
		if strings.HasSuffix(n, "-collector") {
			want = "collector"
		}
		check("Service "+n, get(svc, "spec", "selector"), want)
	}
	for _, pdb := range m.ofKind("PodDisruptionBudget") {
		n := str(pdb, "metadata", "name")
		want := "silo"
		if strings.HasSuffix(n, "-collector") {
			want = "collector"
		}
		check("PodDisruptionBudget "+n, get(pdb, "spec", "selector", "matchLabels"), want)
	}
}

// secretValues are distinctive so that any plain copy of them in the output is found.
var secretValues = map[string]string{
	"Postgres__ConnectionString":   "Host=db;Username=gp;Password=pg-pass-Kx93q;Database=gp",
	"Redis__Password":              "redis-pass-Zq81xW",
	"Dashboard__Token":             "dash-token-0123456789abcdef",
	"Collector__WebhookSecrets__0": "hook-current-Mm2v",
	"Collector__WebhookSecrets__1": "hook-previous-Pp7k",
	"Kafka__SaslPassword":          "kafka-pass-Vb52rT",
}

const secretValuesYAML = `
postgres: {connectionString: "Host=db;Username=gp;Password=pg-pass-Kx93q;Database=gp"}
redis: {password: redis-pass-Zq81xW}
dashboardToken: dash-token-0123456789abcdef
collector: {webhookSecrets: [hook-current-Mm2v, hook-previous-Pp7k]}
kafka: {security: {protocol: sasl_ssl, saslMechanism: SCRAM-SHA-512, saslUsername: gp, saslPassword: kafka-pass-Vb52rT}}
`

func TestSecretsReachThePodsOnlyThroughSecretKeyRef(t *testing.T) {
	m := render(t, values(t, secretValuesYAML)...)
	for _, v := range secretValues {
		if strings.Contains(m.raw, v) {
			t.Errorf("the secret value %q appears in plain text in the output", v)
		}
	}
	secret := m.one(t, "Secret", "-grain-pipeline")
	env := envOf(m.silo(t))
	for k, v := range envOf(m.collector(t)) {
		env[k] = v
	}
	for name, want := range secretValues {
		e, ok := env[name]
		if !ok {
			t.Errorf("%s is not set", name)
			continue
		}
		if _, plain := e["value"]; plain {
			t.Errorf("%s has a plain value", name)
		}
		ref := get(e, "valueFrom", "secretKeyRef")
		if str(ref, "name") != str(secret, "metadata", "name") {
			t.Errorf("%s refers to Secret %q, not the chart's %q", name, str(ref, "name"), str(secret, "metadata", "name"))
			continue
		}
		decoded, err := base64.StdEncoding.DecodeString(str(secret, "data", str(ref, "key")))
		if err != nil || string(decoded) != want {
			t.Errorf("%s: key %q of the Secret holds %q, want %q", name, str(ref, "key"), decoded, want)
		}
	}
}

func TestAnExistingSecretIsReferencedNotCreated(t *testing.T) {
	a := values(t, secretValuesYAML+"secret: {existingSecret: ops-secrets}\n")
	m := render(t, append(a, values(t, "collector: {webhookSecretKeys: [shopify-new, shopify-old]}\n")...)...)
	if n := len(m.ofKind("Secret")); n != 0 {
		t.Errorf("%d Secrets rendered, want none with secret.existingSecret", n)
	}
	for _, v := range secretValues {
		if strings.Contains(m.raw, v) {
			t.Errorf("the ignored value %q appears in the output", v)
		}
	}
	env := envOf(m.silo(t))
	for k, v := range envOf(m.collector(t)) {
		env[k] = v
	}
	want := map[string]struct {
		key      string
		optional bool
	}{
		"Postgres__ConnectionString":   {"postgres-connection-string", false},
		"Redis__Password":              {"redis-password", true},
		"Dashboard__Token":             {"dashboard-token", true},
		"Collector__WebhookSecrets__0": {"shopify-new", false},
		"Collector__WebhookSecrets__1": {"shopify-old", false},
		"Kafka__SaslPassword":          {"kafka-sasl-password", false},
	}
	for name, w := range want {
		ref := get(env[name], "valueFrom", "secretKeyRef")
		if str(ref, "name") != "ops-secrets" || str(ref, "key") != w.key || (get(ref, "optional") == true) != w.optional {
			t.Errorf("%s: secretKeyRef %v, want ops-secrets/%s optional=%v", name, ref, w.key, w.optional)
		}
	}
}

func TestKafkaSecurityReachesBothWorkloads(t *testing.T) {
	for _, w := range []obj{render(t).silo(t), render(t).collector(t)} {
		for name := range envOf(w) {
			if strings.HasPrefix(name, "Kafka__") {
				t.Errorf("plaintext (the default) sets %s", name)
			}
		}
	}
	m := render(t, values(t, `
kafka: {security: {protocol: sasl_ssl, saslMechanism: SCRAM-SHA-256, saslUsername: gp, saslPassword: pw-Tr44, caSecret: kafka-ca-cert, endpointIdentification: false}}
`)...)
	for _, w := range []obj{m.silo(t), m.collector(t)} {
		env := envOf(w)
		for name, want := range map[string]string{
			"Kafka__SecurityProtocol": "sasl_ssl", "Kafka__SaslMechanism": "SCRAM-SHA-256", "Kafka__SaslUsername": "gp",
			"Kafka__SslEndpointIdentification": "false",
		} {
			if got := str(env[name], "value"); got != want {
				t.Errorf("%s: %s = %q, want %q", str(w, "metadata", "name"), name, got, want)
			}
		}
		if get(env["Kafka__SaslPassword"], "valueFrom", "secretKeyRef") == nil {
			t.Errorf("%s: Kafka__SaslPassword is not read from a Secret", str(w, "metadata", "name"))
		}
		// The CA file the setting names is where the CA Secret's volume is mounted.
		var mountPath string
		for _, v := range list(container(w), "volumeMounts") {
			if str(v, "name") == "kafka-ca" {
				mountPath = str(v, "mountPath")
			}
		}
		if mountPath == "" || str(env["Kafka__SslCaLocation"], "value") != mountPath+"/ca.crt" {
			t.Errorf("%s: Kafka__SslCaLocation %q is not ca.crt under the kafka-ca mount %q", str(w, "metadata", "name"), str(env["Kafka__SslCaLocation"], "value"), mountPath)
		}
		found := false
		for _, v := range list(w, "spec", "template", "spec", "volumes") {
			if str(v, "name") == "kafka-ca" && str(v, "secret", "secretName") == "kafka-ca-cert" && str(v, "secret", "items", "0", "key") == "ca.crt" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no kafka-ca volume from Secret kafka-ca-cert", str(w, "metadata", "name"))
		}
	}
}

func TestMemoryStoresNeedASingleSilo(t *testing.T) {
	_, errText, ok := run(t, "--set", "silo.stores=memory")
	if ok {
		t.Fatal("silo.stores=memory with 3 replicas rendered; it must fail")
	}
	for _, phrase := range []string{"silo.stores=memory", "silo.replicas=1", "redis-postgres"} {
		if !strings.Contains(errText, phrase) {
			t.Errorf("the failure does not say %q: %s", phrase, errText)
		}
	}
	m := render(t, "--set", "silo.stores=memory,silo.replicas=1")
	s := m.silo(t)
	if !reflect.DeepEqual(args(s)[:3], []string{"silo", "--bootstrap", "kafka:9092"}) || !contains(args(s), "--single-silo") {
		t.Errorf("memory stores: args %v, want silo --bootstrap kafka:9092 ... --single-silo", args(s))
	}
	for name := range envOf(s) {
		if strings.HasPrefix(name, "Redis__") || strings.HasPrefix(name, "Postgres__") {
			t.Errorf("memory stores: %s is set", name)
		}
	}
	if contains(args(render(t).silo(t)), "--single-silo") {
		t.Error("redis-postgres silos are started with --single-silo")
	}
	if str(envOf(render(t, "--set", "silo.stores=postgres").silo(t))["Redis__Host"], "value") != "" {
		t.Error("postgres stores: Redis__Host is set")
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func TestCollectorDisabledRemovesItsObjects(t *testing.T) {
	m := render(t, values(t, "collector: {enabled: false, webhookSecrets: [hook-current-Mm2v]}\n")...)
	for _, d := range m.docs {
		if str(d, "metadata", "labels", "app.kubernetes.io/component") == "collector" || strings.Contains(str(d, "metadata", "name"), "collector") {
			t.Errorf("collector disabled, but %s %s is rendered", d["kind"], str(d, "metadata", "name"))
		}
		if d["kind"] == "Deployment" {
			t.Error("collector disabled, but a Deployment is rendered")
		}
	}
	for k := range get(m.one(t, "Secret", "-grain-pipeline"), "data").(obj) {
		if strings.HasPrefix(k, "webhook-secret") {
			t.Errorf("collector disabled, but the Secret holds %s", k)
		}
	}
	if len(m.ofKind("StatefulSet")) != 1 {
		t.Error("disabling the collector removed the silos")
	}
}

// The hosts are assembled so that this file does not hold them either.
var registryHosts = []string{"docker" + ".io", "mcr" + ".microsoft.com", "ghcr" + ".io", "quay" + ".io", "gcr" + ".io"}

func TestNoRegistryHostNames(t *testing.T) {
	var files []string
	for _, dir := range []string{repoRoot + "/helm", repoRoot + "/packaging/container"} {
		_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 10 {
		t.Fatalf("found only %d files to scan: %v", len(files), files)
	}
	texts := map[string]string{"rendered output": render(t, values(t, secretValuesYAML)...).raw}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		texts[f] = string(b)
	}
	for name, text := range texts {
		for _, host := range registryHosts {
			if strings.Contains(strings.ToLower(text), host) {
				t.Errorf("%s names the registry %s", name, host)
			}
		}
	}
	// Image references may not start with a host either (a first segment with a dot or a port).
	hostLike := regexp.MustCompile(`^[^/]*[.:][^/]*/`)
	for _, w := range []obj{render(t).silo(t), render(t).collector(t)} {
		if img := str(container(w), "image"); hostLike.MatchString(img) {
			t.Errorf("image %q names a registry host", img)
		}
	}
	for _, m := range regexp.MustCompile(`(?m)^ARG \w+=(\S+)`).FindAllStringSubmatch(texts[repoRoot+"/packaging/container/Dockerfile"], -1) {
		if hostLike.MatchString(m[1]) {
			t.Errorf("Dockerfile default %q names a registry host", m[1])
		}
	}
}

func TestImageDefaultsToTheAppVersion(t *testing.T) {
	var chart struct {
		AppVersion string `yaml:"appVersion"`
	}
	b, _ := os.ReadFile(chartDir + "/Chart.yaml")
	if err := yaml.Unmarshal(b, &chart); err != nil || chart.AppVersion == "" {
		t.Fatalf("Chart.yaml has no appVersion: %v", err)
	}
	m := render(t)
	for _, w := range []obj{m.silo(t), m.collector(t)} {
		if got := str(container(w), "image"); got != "grain-pipeline:"+chart.AppVersion {
			t.Errorf("image %q, want grain-pipeline:%s", got, chart.AppVersion)
		}
	}
	m = render(t, "--set", "image.repository=registry.example/gp,image.tag=1.2.3")
	if got := str(container(m.silo(t)), "image"); got != "registry.example/gp:1.2.3" {
		t.Errorf("image %q after overriding repository and tag", got)
	}
}

// propertiesOf lists the public settable properties of a C# options class.
func propertiesOf(t *testing.T, file string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, file))
	if err != nil {
		t.Fatalf("cannot read %s: %v", file, err)
	}
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`public\s+[\w<>?,\[\]]+\s+(\w+)\s*\{\s*get;`).FindAllStringSubmatch(string(b), -1) {
		out[m[1]] = true
	}
	return out
}

// The chart's environment variables and flags must be settings and flags the code has: an
// unknown key in a bound section stops the silo at start (ErrorOnUnknownConfiguration).
func TestSettingNamesExistInTheCode(t *testing.T) {
	sections := map[string]string{
		"Silo":      "Silo/Hosting/PipelineSiloOptions.cs",
		"Ingest":    "Ingest/Configuration/IngestOptions.cs",
		"Runtime":   "Runtime/Configuration/RuntimeOptions.cs",
		"Flusher":   "Grains/Flushing/FlusherOptions.cs",
		"Dashboard": "Dashboard/Configuration/DashboardOptions.cs",
		"Redis":     "Stores.Redis/Options/RedisOptions.cs",
		"Postgres":  "Stores.Postgres/Options/PostgresOptions.cs",
		"Collector": "Collector/Options/CollectorOptions.cs",
		"Kafka":     "Kafka/Security/KafkaSecurityOptions.cs",
	}
	// Two files: the second merges into the first, key by key.
	full := append(values(t, secretValuesYAML), values(t, `
redis: {user: gp}
collector: {allowedOrigins: ["https://shop.example.com", "*"]}
config: {Runtime: {MaxActivations: 50000}}
`)...)
	m := render(t, full...)
	seen := 0
	for _, w := range []obj{m.silo(t), m.collector(t)} {
		for name := range envOf(w) {
			parts := strings.Split(name, "__")
			if len(parts) == 1 {
				if name != "DOTNET_GCgen0size" {
					t.Errorf("unexpected variable %s", name)
				}
				continue
			}
			file, ok := sections[parts[0]]
			if !ok {
				t.Errorf("%s: no options class for section %s", name, parts[0])
				continue
			}
			if !propertiesOf(t, file)[parts[1]] {
				t.Errorf("%s: %s has no property %s", name, file, parts[1])
			}
			seen++
		}
	}
	if seen < 20 {
		t.Errorf("only %d settings checked", seen)
	}
	// Flags: the verbs and every --flag must exist in the command definitions.
	siloCode := readRepo(t, "Silo/Commands/SiloCommand.cs", "Silo/Commands/SiloFlags.cs")
	collectorCode := readRepo(t, "Silo/Commands/CollectorCommand.cs")
	memory := render(t, "--set", "silo.stores=memory,silo.replicas=1,silo.verbose=true").silo(t)
	for _, c := range []struct {
		verb, code string
		args       []string
	}{{"silo", siloCode, append(args(m.silo(t)), args(memory)...)}, {"collector", collectorCode, args(m.collector(t))}} {
		if c.args[0] != c.verb || !strings.Contains(c.code, `new Command("`+c.verb+`"`) {
			t.Errorf("args %v: want the %s verb", c.args, c.verb)
		}
		for _, a := range c.args {
			if strings.HasPrefix(a, "--") && !strings.Contains(c.code, `("`+a+`")`) {
				t.Errorf("%s has no flag %s", c.verb, a)
			}
		}
	}
	// The probed routes exist in the code.
	for file, routes := range map[string][]string{
		"Dashboard/Hosting/DashboardRoutes.cs":    {"/healthz", "/readyz"},
		"Collector/Hosting/CollectorEndpoints.cs": {"/healthz", "/readyz"},
	} {
		code := readRepo(t, file)
		for _, r := range routes {
			if !strings.Contains(code, `"`+r+`"`) {
				t.Errorf("%s does not define %s", file, r)
			}
		}
	}
}

func TestConfigMapIsMountedAndRollsThePods(t *testing.T) {
	plain := render(t)
	withConfig := render(t, values(t, "config: {Runtime: {MaxActivations: 50000, IdleTimeout: \"00:01:00\"}}\n")...)
	changed := render(t, values(t, "config: {Runtime: {MaxActivations: 40000, IdleTimeout: \"00:01:00\"}}\n")...)
	if len(plain.ofKind("ConfigMap")) != 0 || str(container(plain.silo(t)), "workingDir") != "" {
		t.Error("without config: a ConfigMap or a workingDir is rendered")
	}
	cm := withConfig.one(t, "ConfigMap", "-config")
	var settings obj
	if err := json.Unmarshal([]byte(str(cm, "data", "appsettings.json")), &settings); err != nil {
		t.Fatalf("appsettings.json is not JSON: %v", err)
	}
	if get(settings, "Runtime", "MaxActivations") != 50000.0 || get(settings, "Runtime", "IdleTimeout") != "00:01:00" {
		t.Errorf("appsettings.json = %v", settings)
	}
	for _, w := range []obj{withConfig.silo(t), withConfig.collector(t)} {
		dir := str(container(w), "workingDir")
		mounted := false
		for _, vm := range list(container(w), "volumeMounts") {
			if str(vm, "mountPath") == dir {
				for _, v := range list(w, "spec", "template", "spec", "volumes") {
					mounted = mounted || (str(v, "name") == str(vm, "name") && str(v, "configMap", "name") == str(cm, "metadata", "name"))
				}
			}
		}
		if dir == "" || !mounted {
			t.Errorf("%s: the ConfigMap is not mounted at the working directory %q", container(w)["name"], dir)
		}
	}
	sum := func(m manifest, which string) string {
		return str(m.silo(t), "spec", "template", "metadata", "annotations", "checksum/"+which)
	}
	if sum(plain, "config") == sum(withConfig, "config") || sum(withConfig, "config") == sum(changed, "config") || sum(withConfig, "config") == "" {
		t.Error("checksum/config does not change with the configuration")
	}
	if sum(plain, "secret") == sum(render(t, "--set", "redis.password=another-one"), "secret") {
		t.Error("checksum/secret does not change with a secret value")
	}
}

func TestSecurityContextAndWritableTmp(t *testing.T) {
	m := render(t)
	for _, w := range []obj{m.silo(t), m.collector(t)} {
		pod := get(w, "spec", "template", "spec")
		c := container(w)
		if get(pod, "securityContext", "runAsNonRoot") != true || intOf(get(pod, "securityContext", "runAsUser")) < 1 {
			t.Errorf("%s: pod does not run as a non-root user", c["name"])
		}
		if get(c, "securityContext", "readOnlyRootFilesystem") != true || get(c, "securityContext", "allowPrivilegeEscalation") != false {
			t.Errorf("%s: root filesystem writable or privilege escalation allowed", c["name"])
		}
		if fmt.Sprint(get(c, "securityContext", "capabilities", "drop")) != "[ALL]" {
			t.Errorf("%s: capabilities not all dropped", c["name"])
		}
		if get(pod, "automountServiceAccountToken") != false {
			t.Errorf("%s: the service account token is mounted", c["name"])
		}
		tmp := false
		for _, vm := range list(c, "volumeMounts") {
			if str(vm, "mountPath") == "/tmp" {
				for _, v := range list(pod, "volumes") {
					tmp = tmp || (str(v, "name") == str(vm, "name") && get(v, "emptyDir") != nil)
				}
			}
		}
		if !tmp {
			t.Errorf("%s: /tmp is not an emptyDir", c["name"])
		}
	}
}

func bytesOf(q string) float64 {
	units := map[string]float64{"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "": 1}
	m := regexp.MustCompile(`^(\d+)(Ki|Mi|Gi|)$`).FindStringSubmatch(q)
	if m == nil {
		return -1
	}
	n, _ := strconv.ParseFloat(m[1], 64)
	return n * units[m[2]]
}

// The silo refuses to start when its bounds exceed MemorySafetyFraction of the limit
// (Silo/Hosting/MemoryBudget.cs); the collector when its own exceed 3/4.
func TestMemoryLimitsFitTheStartUpChecks(t *testing.T) {
	const mib = 1 << 20
	// MemoryBudget.For with default options, redis-postgres stores, DOTNET_GCgen0size=0x1000000.
	silo := 64*mib + 16*mib + 32*mib + 2*32*mib + 2*mib + 16*mib + 100000*2560.0 + 1024*512 + 128*4096 + 100*256 +
		(4096*256 + 64*1024 + 64*mib) + 5*(8192+2*500)*(1024+256) + 32*64*1024
	collector := 32*mib + 64*1024*1024 + 512*96*1024.0
	m := render(t)
	limit := bytesOf(str(container(m.silo(t)), "resources", "limits", "memory"))
	fraction, _ := strconv.ParseFloat(str(envOf(m.silo(t))["Silo__MemorySafetyFraction"], "value"), 64)
	if limit*fraction < silo {
		t.Errorf("silo: %.0f MiB x %.2f is below its default budget of %.0f MiB", limit/mib, fraction, silo/mib)
	}
	if l := bytesOf(str(container(m.collector(t)), "resources", "limits", "memory")); l*3/4 < collector {
		t.Errorf("collector: 3/4 of %.0f MiB is below its default budget of %.0f MiB", l/mib, collector/mib)
	}
	if got := str(envOf(m.silo(t))["DOTNET_GCgen0size"], "value"); got != "0x1000000" {
		t.Errorf("DOTNET_GCgen0size = %q", got)
	}
}

func TestPodDisruptionBudgets(t *testing.T) {
	for _, pdb := range render(t).ofKind("PodDisruptionBudget") {
		if intOf(get(pdb, "spec", "maxUnavailable")) != 1 {
			t.Errorf("%s: maxUnavailable %v", str(pdb, "metadata", "name"), get(pdb, "spec", "maxUnavailable"))
		}
	}
	if n := len(render(t, "--set", "silo.podDisruptionBudget.enabled=false,collector.podDisruptionBudget.enabled=false").ofKind("PodDisruptionBudget")); n != 0 {
		t.Errorf("%d budgets left after disabling both", n)
	}
}

func TestPrometheusAnnotationsAreOptional(t *testing.T) {
	if str(render(t).one(t, "Service", "-silo"), "metadata", "annotations", "prometheus.io/scrape") != "true" {
		t.Error("the silo Service has no prometheus.io/scrape annotation by default")
	}
	m := render(t, "--set", "silo.prometheusScrape=false,collector.prometheusScrape=false")
	if strings.Contains(m.raw, "prometheus.io/") {
		t.Error("prometheus.io annotations remain after turning them off")
	}
}

func TestInvalidValuesFailWithTheReason(t *testing.T) {
	cases := map[string]string{
		"silo.stores=redis":                   "silo.stores must be memory, redis-postgres or postgres",
		"dashboardToken=short":                "dashboardToken must be at least 16 characters",
		"kafka.bootstrap=":                    "kafka.bootstrap is required",
		"silo.shutdown.drainTimeoutSeconds=0": "silo.shutdown.drainTimeoutSeconds must be",
		"postgres.connectionString=":          "needs postgres.connectionString",
		"silo.replicas=0":                     "silo.replicas must be at least 1",
		"silo.stores=memory,silo.replicas=2":  "allows only silo.replicas=1",
		"kafka.security.protocol=tls":         "kafka.security.protocol must be",
		"kafka.security.protocol=sasl_ssl":    "needs kafka.security.saslMechanism",
		"kafka.security.protocol=sasl_ssl,kafka.security.saslMechanism=PLAIN": "needs kafka.security.saslUsername",
		"kafka.security.caSecret=ca":                                          "caSecret needs",
	}
	for set, want := range cases {
		_, errText, ok := run(t, "--set", set)
		if ok || !strings.Contains(errText, want) {
			t.Errorf("--set %s: ok=%v, error %q, want one saying %q", set, ok, strings.TrimSpace(errText), want)
		}
	}
}

func TestNotesStateTheStopAndTheGracePeriod(t *testing.T) {
	notes := func(a ...string) string {
		out, errText, ok := run(t, append(a, "--notes")...)
		if !ok {
			t.Fatal(errText)
		}
		return out[strings.Index(out, "\nNOTES:\n"):]
	}
	if n := notes(); !strings.Contains(n, "may take 60 s") || !strings.Contains(n, "pods get 75 s") {
		t.Errorf("default NOTES:\n%s", n)
	}
	if n := notes("--set", "silo.shutdown.drainTimeoutSeconds=90"); !strings.Contains(n, "may take 120 s") || !strings.Contains(n, "pods get 135 s") {
		t.Errorf("a 90 s drain:\n%s", n)
	}
}

// A whitelist of the Kubernetes fields the chart uses: a misspelt field is silently dropped by
// the API server, so catch it here.
func TestOnlyKnownKubernetesFields(t *testing.T) {
	known := map[string]string{
		"pod":       "serviceAccountName automountServiceAccountToken imagePullSecrets terminationGracePeriodSeconds priorityClassName securityContext containers volumes nodeSelector affinity tolerations topologySpreadConstraints",
		"container": "name image imagePullPolicy args workingDir env ports startupProbe livenessProbe readinessProbe resources securityContext volumeMounts",
		"probe":     "httpGet periodSeconds timeoutSeconds failureThreshold successThreshold initialDelaySeconds",
		"sts":       "serviceName replicas podManagementPolicy updateStrategy selector template",
		"deploy":    "replicas selector template strategy",
	}
	allowed := func(kind string, m interface{}, where string) {
		for k := range m.(obj) {
			if !contains(strings.Fields(known[kind]), k) {
				t.Errorf("%s: unknown field %q", where, k)
			}
		}
	}
	m := render(t, append(values(t, secretValuesYAML), values(t, `
config: {Runtime: {MaxActivations: 50000}}
imagePullSecrets: [{name: regcred}]
silo: {priorityClassName: high, nodeSelector: {a: b}, tolerations: [{key: k, operator: Exists}], affinity: {podAntiAffinity: {}}, topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}
collector: {priorityClassName: high, nodeSelector: {a: b}}
`)...)...)
	for _, w := range []obj{m.silo(t), m.collector(t)} {
		kind := map[interface{}]string{"StatefulSet": "sts", "Deployment": "deploy"}[w["kind"]]
		allowed(kind, get(w, "spec"), fmt.Sprint(w["kind"], ".spec"))
		allowed("pod", get(w, "spec", "template", "spec"), fmt.Sprint(w["kind"], " pod spec"))
		c := container(w)
		allowed("container", c, fmt.Sprint(w["kind"], " container"))
		for _, p := range []string{"startupProbe", "livenessProbe", "readinessProbe"} {
			allowed("probe", c[p], fmt.Sprint(w["kind"], " ", p))
		}
	}
}

func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile(repoRoot + "/packaging/container/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	asm := regexp.MustCompile(`<AssemblyName>([^<]+)</AssemblyName>`).FindStringSubmatch(readRepo(t, "Silo/GrainPipeline.Silo.csproj"))
	var chartValues obj
	vb, _ := os.ReadFile(chartDir + "/values.yaml")
	_ = yaml.Unmarshal(vb, &chartValues)
	checks := map[string]bool{
		"ARG SDK_IMAGE without a default":          regexp.MustCompile(`(?m)^ARG SDK_IMAGE\s*$`).MatchString(df),
		"build stage FROM ${SDK_IMAGE}":            regexp.MustCompile(`(?m)^FROM \$\{SDK_IMAGE\} AS build$`).MatchString(df),
		"runtime stage FROM ${BASE_IMAGE}":         regexp.MustCompile(`(?m)^FROM \$\{BASE_IMAGE\}\s*$`).MatchString(df),
		"publishes the Silo project":               strings.Contains(df, "dotnet publish Silo/GrainPipeline.Silo.csproj"),
		"self-contained linux-x64":                 strings.Contains(df, "--runtime linux-x64") && strings.Contains(df, "--self-contained true"),
		"installs librdkafka1 and ca-certificates": regexp.MustCompile(`apt-get install[^\n]*\\\n[^\n]*librdkafka1[^\n]*ca-certificates`).MatchString(df),
		"entrypoint is the assembly":               asm != nil && strings.Contains(df, `ENTRYPOINT ["/app/`+asm[1]+`"]`),
		"runs as the chart's uid":                  strings.Contains(df, fmt.Sprintf("USER %d:", intOf(get(chartValues, "podSecurityContext", "runAsUser")))),
		"sets the chart's gen0 size":               strings.Contains(df, "ENV DOTNET_GCgen0size="+str(chartValues, "silo", "gcGen0Size")),
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("Dockerfile: %s", what)
		}
	}
}

func readRepo(t *testing.T, files ...string) string {
	t.Helper()
	var all string
	for _, file := range files {
		b, err := os.ReadFile(filepath.Join(repoRoot, file))
		if err != nil {
			t.Fatal(err)
		}
		all += string(b)
	}
	return all
}

func TestServiceMonitorsAreOptionalAndScrapeEachPodOnce(t *testing.T) {
	if n := len(render(t).ofKind("ServiceMonitor")); n != 0 {
		t.Errorf("%d ServiceMonitors by default, want none (the CRD may not exist)", n)
	}
	m := render(t, "--set", "serviceMonitor.enabled=true,dashboardToken=dash-token-0123456789abcdef")
	monitors := m.ofKind("ServiceMonitor")
	if len(monitors) != 2 {
		t.Fatalf("%d ServiceMonitors, want one for the silos and one for the collector", len(monitors))
	}
	for _, sm := range monitors {
		name := str(sm, "metadata", "name")
		selector := get(sm, "spec", "selector")
		var selected []obj
		for _, svc := range m.ofKind("Service") {
			labels, _ := get(svc, "metadata", "labels").(obj)
			excluded := false
			for _, e := range list(selector, "matchExpressions") {
				if _, has := labels[str(e, "key")]; has && str(e, "operator") == "DoesNotExist" {
					excluded = true
				}
			}
			if subset(get(selector, "matchLabels"), labels) && !excluded {
				selected = append(selected, svc)
			}
		}
		if len(selected) != 1 {
			t.Errorf("ServiceMonitor %s selects %d Services, want exactly one (or each pod is scraped twice)", name, len(selected))
			continue
		}
		port := str(sm, "spec", "endpoints", "0", "port")
		if str(selected[0], "spec", "ports", "0", "name") != port || str(sm, "spec", "endpoints", "0", "path") != "/metrics" {
			t.Errorf("ServiceMonitor %s scrapes port %q path %q of a Service whose port is %q", name, port,
				str(sm, "spec", "endpoints", "0", "path"), str(selected[0], "spec", "ports", "0", "name"))
		}
		token := get(sm, "spec", "endpoints", "0", "bearerTokenSecret")
		if isSilo := strings.HasSuffix(name, "-silo"); isSilo != (token != nil) {
			t.Errorf("ServiceMonitor %s: bearer token %v; only the silos' /metrics needs the dashboard token", name, token)
		}
		if token != nil && (str(token, "name") != str(m.one(t, "Secret", "-grain-pipeline"), "metadata", "name") || str(token, "key") != "dashboard-token") {
			t.Errorf("ServiceMonitor %s: bearer token from %v, want the chart's Secret, key dashboard-token", name, token)
		}
	}
	if n := len(render(t, "--set", "serviceMonitor.enabled=true,collector.enabled=false").ofKind("ServiceMonitor")); n != 1 {
		t.Errorf("collector disabled: %d ServiceMonitors, want 1", n)
	}
}
