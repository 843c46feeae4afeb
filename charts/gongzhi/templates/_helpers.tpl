{{/* Chart name. */}}
{{- define "gongzhi.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped base name; workloads are "<fullname>-<component>". */}}
{{- define "gongzhi.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects. Takes (dict "root" $ "component" "gateway"). */}}
{{- define "gongzhi.componentName" -}}
{{- $n := printf "%s-%s" (include "gongzhi.fullname" .root) .component -}}
{{- if gt (len $n) 63 -}}
{{- fail (printf "name %q is longer than 63 characters: shorten the release name or the services key" $n) -}}
{{- end -}}
{{- $n -}}
{{- end -}}

{{- define "gongzhi.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "gongzhi.labels" -}}
helm.sh/chart: {{ include "gongzhi.chart" . }}
app.kubernetes.io/name: {{ include "gongzhi.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: gongzhi
{{- end -}}

{{/* Selector labels of one component. Takes (dict "root" $ "component" name). */}}
{{- define "gongzhi.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gongzhi.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* All labels of one component's objects. Takes (dict "root" $ "component" name "app" app). */}}
{{- define "gongzhi.componentLabels" -}}
{{ include "gongzhi.labels" .root }}
app.kubernetes.io/component: {{ .component }}
gongzhi.io/app: {{ .app }}
{{- end -}}

{{- define "gongzhi.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) -}}
{{- end -}}

{{/*
The effective settings of one `services` entry: serviceDefaults, then the entry's own keys
(a shallow merge, so `false`, `0` and "" set by the entry win).
Takes (dict "root" $ "name" key "entry" value); returns YAML.
*/}}
{{- define "gongzhi.serviceConfig" -}}
{{- $c := dict -}}
{{- range $k, $v := .root.Values.serviceDefaults }}{{ $_ := set $c $k $v }}{{ end -}}
{{- range $k, $v := (.entry | default dict) }}{{ $_ := set $c $k $v }}{{ end -}}
{{- if not (hasKey $c "enabled") }}{{ $_ := set $c "enabled" true }}{{ end -}}
{{- if not $c.app }}{{ $_ := set $c "app" .name }}{{ end -}}
{{- toYaml $c -}}
{{- end -}}

{{/*
Every bus-service Deployment, as YAML `items: [...]`: for each enabled `services` entry, one per
street group (its streets only) and the default group (every street no group of that service
lists, and the district-wide `all` token; a service without groups serves every street, `*`, so
a street added later needs no change). A group takes the service's settings, replaces replicas,
resources and podAnnotations with its own and merges its autoscaling, pdb and env over the
service's. Street groups need `streets` (the district's street codes): without it the default
group would subscribe to the grouped streets too, and NATS would share their requests out.
*/}}
{{- define "gongzhi.deployments" -}}
{{- $root := . -}}
{{- $items := list -}}
{{- range $name, $entry := .Values.services }}
{{- $c := include "gongzhi.serviceConfig" (dict "root" $root "name" $name "entry" $entry) | fromYaml }}
{{- if $c.enabled }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $name) }}
{{- fail (printf "services.%s: the key must be lower-case letters, digits and '-'" $name) }}
{{- end }}
{{- $taken := list }}
{{- range $g := ($c.streetGroups | default list) }}
{{- if not $root.Values.streets }}
{{- fail (printf "services.%s.streetGroups needs the district's street codes in `streets`, so that the default group leaves street group %q to itself" $name $g.name) }}
{{- end }}
{{- range $street := $g.streets }}
{{- if has $street $taken }}{{ fail (printf "services.%s.streetGroups: street %s is in two groups" $name $street) }}{{ end }}
{{- if not (has $street $root.Values.streets) }}{{ fail (printf "services.%s.streetGroups.%s: street %s is not in `streets`" $name $g.name $street) }}{{ end }}
{{- $taken = append $taken $street }}
{{- end }}
{{- $env := merge (dict) ($g.env | default dict) ($c.env | default dict) }}
{{- $items = append $items (dict "component" (printf "%s-%s" $name $g.name) "service" $name "group" $g.name "app" $c.app "streets" (join "," $g.streets) "replicas" ($g.replicas | default $c.replicas) "autoscaling" (merge (dict) ($g.autoscaling | default dict) ($c.autoscaling | default dict)) "resources" ($g.resources | default $c.resources) "pdb" (merge (dict) ($g.pdb | default dict) ($c.pdb | default dict)) "podAnnotations" ($g.podAnnotations | default $c.podAnnotations) "env" $env "secretEnv" $c.secretEnv "healthPort" $c.healthPort) }}
{{- end }}
{{- $streets := "*" }}
{{- if $taken }}
{{- $rest := list }}
{{- range $root.Values.streets }}{{ if not (has . $taken) }}{{ $rest = append $rest . }}{{ end }}{{ end }}
{{- $streets = append $rest "all" | join "," }}
{{- end }}
{{- $items = append $items (dict "component" $name "service" $name "group" "" "app" $c.app "streets" $streets "replicas" $c.replicas "autoscaling" $c.autoscaling "resources" $c.resources "pdb" $c.pdb "podAnnotations" $c.podAnnotations "env" ($c.env | default dict) "secretEnv" $c.secretEnv "healthPort" $c.healthPort) }}
{{- end }}
{{- end }}
{{- toYaml (dict "items" $items) -}}
{{- end -}}

{{/* HorizontalPodAutoscaler of one Deployment. Takes (dict "root" $ "component" c "app" a "autoscaling" cfg). */}}
{{- define "gongzhi.hpa" -}}
{{- $a := .autoscaling -}}
{{- if and $a $a.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "gongzhi.componentName" . }}
  labels:
    {{- include "gongzhi.componentLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "gongzhi.componentName" . }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    {{- with $a.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
    {{- with $a.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
{{- end }}
{{- end -}}

{{/*
Pod template shared by the gateway and the services.
Takes (dict "root" $ "component" name "app" app "tier" "gateway"|"service" "cfg" settings "port" n
"portEnv" "PORT"|"HEALTH_PORT" "streets" "s01,s02"|"*"|"" "preStopSleepSeconds" n).
*/}}
{{- define "gongzhi.podTemplate" -}}
{{- $root := .root -}}
{{- $cfg := .cfg -}}
{{- $v := $root.Values -}}
metadata:
  labels:
    {{- include "gongzhi.selectorLabels" (dict "root" $root "component" .component) | nindent 4 }}
    gongzhi.io/app: {{ .app }}
    {{- /* what the NetworkPolicies select: the gateway, or a bus service */}}
    gongzhi.io/tier: {{ .tier }}
  annotations:
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    {{- if .streets }}
    gongzhi.io/streets: {{ .streets | quote }}
    {{- end }}
    {{- if $v.metrics.podAnnotations }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ .port | quote }}
    prometheus.io/path: /metrics
    {{- end }}
    {{- with $cfg.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  automountServiceAccountToken: false
  {{- with $v.serviceAccountName }}
  serviceAccountName: {{ . }}
  {{- end }}
  {{- with $v.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
  securityContext:
    {{- toYaml $v.podSecurityContext | nindent 4 }}
  containers:
    - name: {{ .app }}
      image: {{ include "gongzhi.image" $root }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      envFrom:
        - configMapRef:
            name: {{ include "gongzhi.fullname" $root }}
      env:
        - name: APP
          value: {{ .app | quote }}
        - name: {{ .portEnv }}
          value: {{ .port | quote }}
        {{- if and .streets (ne .streets "*") }}
        - name: STREETS
          value: {{ .streets | quote }}
        {{- end }}
        {{- range $name, $value := $cfg.env }}
        - name: {{ $name }}
          value: {{ $value | toString | quote }}
        {{- end }}
        {{- $own := $cfg.secretEnv | default dict }}
        {{- range $name, $key := merge (dict) $own $v.secret.common }}
        - name: {{ $name }}
          valueFrom:
            secretKeyRef:
              name: {{ $v.secret.existingSecret }}
              key: {{ $key }}
              {{- if hasKey $own $name }}
              optional: true
              {{- end }}
        {{- end }}
      ports:
        - name: http
          containerPort: {{ .port }}
          protocol: TCP
      startupProbe:
        httpGet: { path: /health/live, port: http }
        {{- toYaml $v.probes.startup | nindent 8 }}
      livenessProbe:
        httpGet: { path: /health/live, port: http }
        {{- toYaml $v.probes.liveness | nindent 8 }}
      readinessProbe:
        httpGet: { path: /health/ready, port: http }
        {{- toYaml $v.probes.readiness | nindent 8 }}
      {{- with .preStopSleepSeconds }}
      lifecycle:
        preStop:
          exec:
            command: ["sleep", {{ . | quote }}]
      {{- end }}
      resources:
        {{- toYaml ($cfg.resources | default dict) | nindent 8 }}
      securityContext:
        {{- toYaml $v.securityContext | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}
  {{- if $v.spreadAcrossNodes }}
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          {{- include "gongzhi.selectorLabels" (dict "root" $root "component" .component) | nindent 10 }}
  {{- end }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* PodDisruptionBudget for one component. Takes (dict "root" $ "component" c "app" a "pdb" cfg). */}}
{{- define "gongzhi.pdb" -}}
{{- if and .pdb .pdb.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "gongzhi.componentName" . }}
  labels:
    {{- include "gongzhi.componentLabels" . | nindent 4 }}
spec:
  {{- if hasKey .pdb "minAvailable" }}
  minAvailable: {{ .pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ .pdb.maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "gongzhi.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/* An egress rule to a dependency: its TCP ports, to its peers (none: any address). Takes {ports, to}. */}}
{{- define "gongzhi.egressTo" -}}
- ports:
    {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* Egress to the cluster DNS (UDP and TCP 53). Takes {to}. */}}
{{- define "gongzhi.dnsEgress" -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
