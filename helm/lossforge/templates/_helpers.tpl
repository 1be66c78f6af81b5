{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "lossforge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name prefix of every resource: <release>-<chart>, or the release name when it contains the chart name. */}}
{{- define "lossforge.fullname" -}}
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

{{- define "lossforge.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels shared by every resource. */}}
{{- define "lossforge.labels" -}}
helm.sh/chart: {{ include "lossforge.chart" . }}
{{ include "lossforge.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: lossforge
{{- end }}

{{- define "lossforge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lossforge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Names and selectors of the two components. */}}
{{- define "lossforge.orchestrator.fullname" -}}
{{- printf "%s-orchestrator" (include "lossforge.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "lossforge.trainer.fullname" -}}
{{- printf "%s-trainer" (include "lossforge.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "lossforge.orchestrator.selectorLabels" -}}
{{ include "lossforge.selectorLabels" . }}
app.kubernetes.io/component: orchestrator
{{- end }}

{{- define "lossforge.trainer.selectorLabels" -}}
{{ include "lossforge.selectorLabels" . }}
app.kubernetes.io/component: trainer
{{- end }}

{{/* The orchestrator's Service for trainers: its internal port (registration, heartbeats, reports). */}}
{{- define "lossforge.orchestrator.internalFullname" -}}
{{- printf "%s-orchestrator-internal" (include "lossforge.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Where trainers reach the orchestrator: its internal Service, in the release's namespace. */}}
{{- define "lossforge.orchestrator.internalUrl" -}}
{{- printf "http://%s:%d" (include "lossforge.orchestrator.internalFullname" .) (int .Values.orchestrator.internalService.port) }}
{{- end }}

{{/* Whether the chart creates the security Secret: when the tokens are given as values. */}}
{{- define "lossforge.security.chartSecret" -}}
{{- if or .Values.security.internalToken .Values.security.scrapeToken }}true{{ end }}
{{- end }}

{{/* The Secret with internal-token, scrape-token and api-keys.yaml: the chart's own when the tokens are values. */}}
{{- define "lossforge.security.secretName" -}}
{{- if include "lossforge.security.chartSecret" . }}
{{- printf "%s-security" (include "lossforge.fullname" .) }}
{{- else if .Values.security.apiKeys }}
{{- fail "security.apiKeys go into the chart's Secret, which needs security.internalToken and security.scrapeToken; with security.existingSecret, put the keys into its api-keys.yaml" }}
{{- else if .Values.security.existingSecret }}
{{- .Values.security.existingSecret }}
{{- else }}
{{- fail "security: set security.existingSecret (a Secret with internal-token, scrape-token and api-keys.yaml) or security.internalToken, security.scrapeToken and security.apiKeys" }}
{{- end }}
{{- end }}

{{/* Where the orchestrator reads api-keys.yaml (a Spring config file imported at start-up). */}}
{{- define "lossforge.security.apiKeysDir" -}}/etc/lossforge/security{{- end }}

{{/* image: repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "lossforge.image" -}}
{{- printf "%s:%s" .image.repository (default .chart.AppVersion .image.tag | toString) }}
{{- end }}

{{/* The Secret and key holding the database password: the chart's own when database.password is set. */}}
{{- define "lossforge.database.secretName" -}}
{{- if .Values.database.password }}
{{- printf "%s-database" (include "lossforge.fullname" .) }}
{{- else if .Values.database.existingSecret }}
{{- .Values.database.existingSecret }}
{{- else }}
{{- fail "database: set database.existingSecret (the name of a Secret with the password) or database.password" }}
{{- end }}
{{- end }}

{{- define "lossforge.database.secretKey" -}}
{{- if .Values.database.password }}password{{ else }}{{ required "database.passwordKey is required" .Values.database.passwordKey }}{{ end }}
{{- end }}
