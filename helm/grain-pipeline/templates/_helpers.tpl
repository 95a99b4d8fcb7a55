{{/* Chart name, or nameOverride. */}}
{{- define "grain-pipeline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "<release>-<chart>", or fullnameOverride; the release name alone when it already holds the chart name. */}}
{{- define "grain-pipeline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* StatefulSet name: at most 52 characters, so that pod names with their ordinal and the
     controller-revision-hash label stay within 63. */}}
{{- define "grain-pipeline.silo.fullname" -}}
{{- printf "%s-silo" (include "grain-pipeline.fullname" .) | trunc 52 | trimSuffix "-" }}
{{- end }}

{{- define "grain-pipeline.silo.headless" -}}
{{- printf "%s-headless" (include "grain-pipeline.silo.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "grain-pipeline.collector.fullname" -}}
{{- printf "%s-collector" (include "grain-pipeline.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "grain-pipeline.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "grain-pipeline.labels" -}}
helm.sh/chart: {{ include "grain-pipeline.chart" . }}
{{ include "grain-pipeline.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: grain-pipeline
{{- end }}

{{/* Labels that select this release's pods; immutable once a workload exists. */}}
{{- define "grain-pipeline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "grain-pipeline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Per-component variants: (dict "ctx" $ "component" "silo"). The component label keeps the
     silo Services and budget from selecting collector pods and the other way round. */}}
{{- define "grain-pipeline.componentLabels" -}}
{{ include "grain-pipeline.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "grain-pipeline.componentSelectorLabels" -}}
{{ include "grain-pipeline.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "grain-pipeline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "grain-pipeline.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "grain-pipeline.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag | toString) }}
{{- end }}

{{/* The Secret every secretKeyRef points at: the existing one, or the chart's. */}}
{{- define "grain-pipeline.secretName" -}}
{{- default (include "grain-pipeline.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{/* "true" or "" (templates compare strings): which servers silo.stores needs. */}}
{{- define "grain-pipeline.usesRedis" -}}
{{- if eq (toString .Values.silo.stores) "redis-postgres" }}true{{ end }}
{{- end }}

{{- define "grain-pipeline.usesPostgres" -}}
{{- if has (toString .Values.silo.stores) (list "redis-postgres" "postgres") }}true{{ end }}
{{- end }}

{{/* Whole seconds as a .NET TimeSpan ("00:00:30", "1.02:03:04" past a day). Values stay in
     seconds so the grace period can be computed from them. */}}
{{- define "grain-pipeline.timespan" -}}
{{- $s := int . }}
{{- $days := div $s 86400 }}
{{- $hms := printf "%02d:%02d:%02d" (div (mod $s 86400) 3600) (div (mod $s 3600) 60) (mod $s 60) }}
{{- if gt $days 0 }}{{ printf "%d.%s" $days $hms }}{{ else }}{{ $hms }}{{ end }}
{{- end }}

{{/* The longest a silo stop takes: drain, then state writes, then final flushes (README.md, the
     shutdown paragraph). */}}
{{- define "grain-pipeline.silo.stopSeconds" -}}
{{- $d := .Values.silo.shutdown }}
{{- add (int $d.drainTimeoutSeconds) (int $d.bulkDeactivationTimeoutSeconds) (int $d.handOverTimeoutSeconds) }}
{{- end }}

{{- define "grain-pipeline.silo.gracePeriodSeconds" -}}
{{- add (include "grain-pipeline.silo.stopSeconds" . | int) (int .Values.silo.shutdown.marginSeconds) }}
{{- end }}

{{/* Checks of values the application would refuse anyway, failed at render time with the reason. */}}
{{- define "grain-pipeline.validate" -}}
{{- $stores := toString .Values.silo.stores }}
{{- if not (has $stores (list "memory" "redis-postgres" "postgres")) }}
{{- fail (printf "silo.stores must be memory, redis-postgres or postgres (got %q)" $stores) }}
{{- end }}
{{- if and (eq $stores "memory") (gt (int .Values.silo.replicas) 1) }}
{{- fail (printf "silo.stores=memory keeps grain state, reminders and the stats buffer inside one silo process, so it allows only silo.replicas=1 (got %d). For several silos use silo.stores=redis-postgres (or postgres)." (int .Values.silo.replicas)) }}
{{- end }}
{{- if lt (int .Values.silo.replicas) 1 }}
{{- fail "silo.replicas must be at least 1" }}
{{- end }}
{{- if not .Values.kafka.bootstrap }}
{{- fail "kafka.bootstrap is required: the Kafka bootstrap servers, e.g. kafka:9092" }}
{{- end }}
{{- range $k := list "drainTimeoutSeconds" "bulkDeactivationTimeoutSeconds" "handOverTimeoutSeconds" }}
{{- if lt (int (index $.Values.silo.shutdown $k)) 1 }}
{{- fail (printf "silo.shutdown.%s must be a whole number of seconds, at least 1" $k) }}
{{- end }}
{{- end }}
{{- if lt (int .Values.silo.shutdown.marginSeconds) 0 }}
{{- fail "silo.shutdown.marginSeconds must not be negative" }}
{{- end }}
{{- if not .Values.secret.existingSecret }}
{{- if and (include "grain-pipeline.usesPostgres" .) (not .Values.postgres.connectionString) }}
{{- fail (printf "silo.stores=%s needs postgres.connectionString (or secret.existingSecret holding it)" $stores) }}
{{- end }}
{{- if and .Values.dashboardToken (lt (len (toString .Values.dashboardToken)) 16) }}
{{- fail "dashboardToken must be at least 16 characters (Dashboard:Token)" }}
{{- end }}
{{- end }}
{{- $security := .Values.kafka.security }}
{{- if not (has (toString $security.protocol) (list "plaintext" "ssl" "sasl_plaintext" "sasl_ssl")) }}
{{- fail (printf "kafka.security.protocol must be plaintext, ssl, sasl_plaintext or sasl_ssl (got %q)" (toString $security.protocol)) }}
{{- end }}
{{- if hasPrefix "sasl_" (toString $security.protocol) }}
{{- if not (has (toString $security.saslMechanism) (list "PLAIN" "SCRAM-SHA-256" "SCRAM-SHA-512")) }}
{{- fail (printf "kafka.security.protocol=%s needs kafka.security.saslMechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (got %q)" $security.protocol (toString $security.saslMechanism)) }}
{{- end }}
{{- if or (not $security.saslUsername) (and (not .Values.secret.existingSecret) (not $security.saslPassword)) }}
{{- fail (printf "kafka.security.protocol=%s needs kafka.security.saslUsername and kafka.security.saslPassword (or secret.existingSecret holding the password)" $security.protocol) }}
{{- end }}
{{- end }}
{{- if and $security.caSecret (not (hasSuffix "ssl" (toString $security.protocol))) }}
{{- fail "kafka.security.caSecret needs kafka.security.protocol ssl or sasl_ssl" }}
{{- end }}
{{- if and (include "grain-pipeline.usesRedis" .) (not .Values.redis.host) }}
{{- fail "silo.stores=redis-postgres needs redis.host" }}
{{- end }}
{{- end }}

{{/* Volumes and mounts both workloads share: /tmp, appsettings.json when config is set, and
     the Kafka CA when kafka.security.caSecret names one. */}}
{{- define "grain-pipeline.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- if .Values.config }}
- name: config
  configMap:
    name: {{ include "grain-pipeline.fullname" . }}-config
{{- end }}
{{- with .Values.kafka.security.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ . }}
    items:
      - key: ca.crt
        path: ca.crt
{{- end }}
{{- end }}

{{- define "grain-pipeline.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.config }}
- name: config
  mountPath: /etc/grain-pipeline
  readOnly: true
{{- end }}
{{- if .Values.kafka.security.caSecret }}
- name: kafka-ca
  mountPath: /etc/grain-pipeline-kafka
  readOnly: true
{{- end }}
{{- end }}

{{/* The Kafka:* security settings, the same for the silos and the collector; the SASL password only
     through secretKeyRef. Nothing at all for plaintext, the application's default. */}}
{{- define "grain-pipeline.kafkaSecurityEnv" -}}
{{- $security := .Values.kafka.security }}
{{- if ne (toString $security.protocol) "plaintext" }}
- name: Kafka__SecurityProtocol
  value: {{ $security.protocol | quote }}
{{- if hasPrefix "sasl_" (toString $security.protocol) }}
- name: Kafka__SaslMechanism
  value: {{ $security.saslMechanism | quote }}
- name: Kafka__SaslUsername
  value: {{ $security.saslUsername | quote }}
- name: Kafka__SaslPassword
  valueFrom:
    secretKeyRef:
      name: {{ include "grain-pipeline.secretName" . }}
      key: {{ .Values.secret.keys.kafkaSaslPassword }}
{{- end }}
{{- if hasSuffix "ssl" (toString $security.protocol) }}
{{- if $security.caSecret }}
- name: Kafka__SslCaLocation
  value: /etc/grain-pipeline-kafka/ca.crt
{{- end }}
- name: Kafka__SslEndpointIdentification
  value: {{ ternary "true" "false" (eq (toString $security.endpointIdentification) "true") | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Pod annotations that change when the configuration or the chart's Secret does, so that
     `helm upgrade` rolls the pods (environment variables from a Secret are read only at start). */}}
{{- define "grain-pipeline.checksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
