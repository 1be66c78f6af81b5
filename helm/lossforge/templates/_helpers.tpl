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

{{/* Where trainers reach the orchestrator: its Service, in the release's namespace. */}}
{{- define "lossforge.orchestrator.url" -}}
{{- printf "http://%s:%d" (include "lossforge.orchestrator.fullname" .) (int .Values.orchestrator.service.port) }}
{{- end }}

{{/* The orchestrator's callback URL given to trainers: orchestrator.publicUrl or the Service URL. */}}
{{- define "lossforge.orchestrator.publicUrl" -}}
{{- default (include "lossforge.orchestrator.url" .) .Values.orchestrator.publicUrl }}
{{- end }}

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
