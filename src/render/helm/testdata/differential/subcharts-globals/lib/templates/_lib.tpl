{{- define "lib.greeting" -}}hello from {{ .Chart.Name }} in {{ .Release.Namespace }}{{- end -}}
