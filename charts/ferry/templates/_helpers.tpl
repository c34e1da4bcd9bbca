{{/* The chart's name, overridable. */}}
{{- define "ferry.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's full name, the base of every object's name: the release name alone when it
already holds the chart's name. Kubernetes names of Services are at most 63 characters.
*/}}
{{- define "ferry.fullname" -}}
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

{{- define "ferry.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ferry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ferry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ferry.labels" -}}
helm.sh/chart: {{ include "ferry.chart" . }}
{{ include "ferry.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: ferry
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "ferry.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ferry.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ferry.rbacSubjects" -}}
- kind: ServiceAccount
  name: {{ include "ferry.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- end }}

{{/* Cluster-scoped objects are shared by every namespace: their names carry the release's namespace. */}}
{{- define "ferry.clusterName" -}}
{{- printf "%s-%s" (include "ferry.fullname" .) .Release.Namespace }}
{{- end }}

{{- define "ferry.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag | toString) }}
{{- end }}

{{/* The Secret and key holding the admin token, or nothing when Ferry makes its own. */}}
{{- define "ferry.adminTokenSecret" -}}
{{- if .Values.adminToken.existingSecret }}
{{- .Values.adminToken.existingSecret }}
{{- else if .Values.adminToken.create }}
{{- printf "%s-admin-token" (include "ferry.fullname" .) }}
{{- end }}
{{- end }}

{{- define "ferry.adminTokenKey" -}}
{{- if .Values.adminToken.existingSecret }}{{ .Values.adminToken.existingSecretKey }}{{ else }}token{{ end }}
{{- end }}

{{/*
The webhook settings: the variable Ferry reads, the key in the Secret, the value in values.
Shared by the Secret and the Deployment, so the two cannot disagree.
*/}}
{{- define "ferry.webhookSettings" -}}
- {env: FERRY_WEBHOOK_GITHUB_SECRET, key: github, value: github}
- {env: FERRY_WEBHOOK_GITLAB_SECRET, key: gitlab, value: gitlab}
- {env: FERRY_WEBHOOK_GITEA_SECRET, key: gitea, value: gitea}
- {env: FERRY_WEBHOOK_BITBUCKET_SECRET, key: bitbucket, value: bitbucket}
- {env: FERRY_WEBHOOK_BITBUCKET_UUID, key: bitbucket-uuid, value: bitbucketUUID}
{{- end }}

{{/* True (non-empty) when the chart makes the Secret of the webhook and repository settings. */}}
{{- define "ferry.makesSettingsSecret" -}}
{{- $values := .Values -}}
{{- range (include "ferry.webhookSettings" . | fromYamlArray) }}
{{- if and (not $values.webhook.existingSecret) (index $values.webhook .value) }}yes{{ end }}
{{- end }}
{{- if and (not .Values.repositoryCredentials.existingSecret) .Values.repositoryCredentials.list }}yes{{ end }}
{{- end }}

{{- define "ferry.settingsSecret" -}}
{{- printf "%s-settings" (include "ferry.fullname" .) }}
{{- end }}

{{/* Refuses values that would make a broken or unsafe release, each with the reason. */}}
{{- define "ferry.validate" -}}
{{- if gt (int .Values.replicaCount) 1 }}
{{- fail "replicaCount: Ferry is a single writer (one process owns its SQLite database and runs every sync); use 0 or 1" }}
{{- end }}
{{- if and .Values.rbac.create .Values.rbac.namespaced (not .Values.rbac.namespaces) }}
{{- fail "rbac.namespaced: list the namespaces Ferry may deploy to in rbac.namespaces" }}
{{- end }}
{{- $config := .Values.config | default dict }}
{{- range $key := list "listen" "dataDir" }}
{{- if hasKey $config $key }}
{{- fail (printf "config.%s: set by the chart (the service port and the /data volume); remove it" $key) }}
{{- end }}
{{- end }}
{{- if hasKey $config "repositories" }}
{{- fail "config.repositories: credentials do not belong in a ConfigMap; use repositoryCredentials" }}
{{- end }}
{{- if hasKey (get $config "auth" | default dict) "adminToken" }}
{{- fail "config.auth.adminToken: a token does not belong in a ConfigMap; use adminToken" }}
{{- end }}
{{- range $provider, $settings := (get $config "webhook" | default dict) }}
{{- if and (kindIs "map" $settings) (or (hasKey $settings "secret") (hasKey $settings "uuid")) }}
{{- fail (printf "config.webhook.%s: secrets do not belong in a ConfigMap; use webhook.%s" $provider $provider) }}
{{- end }}
{{- end }}
{{- end }}
