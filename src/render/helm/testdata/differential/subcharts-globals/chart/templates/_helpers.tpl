{{- define "shop.labels" -}}
app.kubernetes.io/part-of: {{ .Chart.Name }}
env: {{ .Values.global.env }}
{{- range $k, $v := .Values.global.labels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}
{{- define "backend.overridden" -}}parent-wins{{- end -}}
